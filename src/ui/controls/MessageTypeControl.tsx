/** The Rust type field in the panel's message group, shown when the message type is "Rust type". */
import { useLab, useLabState } from '../lab-context.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import { RustTypeField } from './RustTypeField.tsx';

export function MessageTypeControl() {
  const { actions } = useLab();
  // other message types show nothing: a slider's answer (a new scenario object) re-renders nothing
  const scenario = useLabState((s) => (s.scenario?.message.type === 'rust' ? s.scenario : null));
  const preset = useLabState((s) => s.preset);
  const message = scenario?.message;
  if (scenario === null || message === undefined || message.type !== 'rust') return null;
  return (
    <RustTypeField
      // a scenario loaded from elsewhere (a file, a link) starts the field afresh
      key={`${message.rust}|${message.lengths.join(',')}|${preset ?? ''}`}
      value={{ rust: message.rust, lengths: message.lengths }}
      onApply={(v) => {
        const next: Scenario = {
          ...scenario,
          message: { ...message, type: 'rust', rust: v.rust, lengths: [...v.lengths] },
        };
        actions.loadScenario(next, null);
      }}
    />
  );
}
