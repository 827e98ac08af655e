/** "Copy link": the address of exactly what is on screen (parameters, time, view), to the clipboard. */
import { useState } from 'react';
import { copyText } from './clipboard.ts';

export function CopyLinkButton(props: { link: () => string; className?: string }) {
  const [state, setState] = useState<{ ok: boolean; link: string } | null>(null);
  return (
    <span className={`copy-link ${props.className ?? ''}`}>
      <button
        type="button"
        onClick={async () => {
          const link = props.link();
          setState({ ok: await copyText(link), link });
        }}
      >
        Copy link
      </button>
      <span role="status" className="copy-link-status">
        {state?.ok === true && 'Link copied.'}
        {state?.ok === false && (
          <>
            Copy this link: <input readOnly value={state.link} aria-label="Link to this view" size={40} />
          </>
        )}
      </span>
    </span>
  );
}
