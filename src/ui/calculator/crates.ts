/** How the calculator names each implementation: the crate and the constructor a Rust programmer writes. */
import { crateOfImpl, flavorOf, type ImplName } from '../../engine/channels/index.ts';
import type { MessageType } from '../../engine/layout.ts';

/** From the crate's descriptor (src/engine/channels/<crate>.ts). */
export function constructorOf(impl: ImplName): { crate: string; call: string } {
  return { crate: crateOfImpl(impl).cargo, call: flavorOf(impl).call };
}

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
