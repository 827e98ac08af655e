/** How the calculator names each implementation: the constructor a Rust programmer writes. */
import type { ImplName } from '../../engine/channels/index.ts';
import type { MessageType } from '../../engine/layout.ts';

export const CONSTRUCTORS: Readonly<Record<ImplName, { crate: string; call: string }>> = {
  'tokio-bounded': { crate: 'tokio', call: 'mpsc::channel(C)' },
  'tokio-unbounded': { crate: 'tokio', call: 'mpsc::unbounded_channel()' },
  'tokio-semaphore': { crate: 'tokio', call: 'unbounded_channel() + Semaphore::new(C)' },
  'futures-bounded': { crate: 'futures-channel', call: 'mpsc::channel(C)' },
  'futures-unbounded': { crate: 'futures-channel', call: 'mpsc::unbounded()' },
  'crossbeam-bounded': { crate: 'crossbeam-channel', call: 'bounded(C)' },
  'crossbeam-unbounded': { crate: 'crossbeam-channel', call: 'unbounded()' },
  'std-sync': { crate: 'std', call: 'mpsc::sync_channel(C)' },
  'std-unbounded': { crate: 'std', call: 'mpsc::channel()' },
  'flume-bounded': { crate: 'flume', call: 'bounded(C)' },
  'flume-unbounded': { crate: 'flume', call: 'unbounded()' },
  'async-bounded': { crate: 'async-channel', call: 'bounded(C)' },
  'async-unbounded': { crate: 'async-channel', call: 'unbounded()' },
};

/** `T` as Rust writes it. */
export function rustType(t: MessageType): string {
  switch (t.kind) {
    case 'bytes':
      return `[u8; ${t.size}]`;
    case 'u64':
      return 'u64';
    case 'string':
      return 'String';
    case 'rust':
      return t.text;
    case 'custom':
      return `T (${t.size} B)`;
  }
}
