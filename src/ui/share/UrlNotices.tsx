/**
 * What the page could not use from its address, and what it used instead. Shown as text: a value
 * from the URL is never inserted as markup.
 */
import { useState } from 'react';
import type { UrlNotice } from '../url-state.ts';

export function UrlNotices(props: { notices: readonly UrlNotice[] }) {
  const [open, setOpen] = useState(true);
  if (!open || props.notices.length === 0) return null;
  const n = props.notices.length;
  return (
    <div className="banner warn url-notices" role="status">
      <div>
        <p>
          <strong>
            {n === 1
              ? 'One value in the link could not be used'
              : `${n} values in the link could not be used`}
          </strong>
          ; the simulation uses safe values instead:
        </p>
        <ul>
          {props.notices.map((x, i) => (
            <li key={`${x.field}-${i}`}>{x.message}</li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={() => setOpen(false)}>
        Dismiss
      </button>
    </div>
  );
}
