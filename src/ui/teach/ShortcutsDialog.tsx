/** The `?` dialog: every keyboard shortcut, grouped, with the keys as people press them. */
import { Modal } from './Modal.tsx';
import type { Shortcut } from './shortcuts.ts';

export function ShortcutsDialog(props: { shortcuts: readonly Shortcut[]; onClose: () => void }) {
  const groups = [...new Set(props.shortcuts.map((s) => s.group))];
  return (
    <Modal title="Keyboard shortcuts" onClose={props.onClose}>
      {groups.map((g) => (
        <table className="shortcuts" key={g}>
          <caption>{g}</caption>
          <tbody>
            {props.shortcuts
              .filter((s) => s.group === g)
              .map((s) => (
                <tr key={s.description} className={s.enabled === false ? 'inactive' : undefined}>
                  <th scope="row">
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="or"> or </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </th>
                  <td>
                    {s.description}
                    {s.enabled === false && <span className="muted"> (not available now)</span>}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
      <p className="muted small">
        Space and ← / → work anywhere on the page, except inside a control that uses those keys itself: a text
        field, a slider, a select or a group of radio buttons. Space also presses a button you reached with
        Tab. Choosing a strategy leaves the keys to the page.
      </p>
    </Modal>
  );
}
