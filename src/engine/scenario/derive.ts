/** Values derived from a validated scenario: the Rust message type, each strategy's crate, label and id. */
import type { MessageType } from '../layout.ts';
import { analyzeRustType, rustMessageType } from '../rust-type/index.ts';
import { crateOfImpl, type ImplName } from '../channels/index.ts';
import type { Scenario, StrategySpec } from './schema.ts';

export function messageTypeOf(s: Scenario): MessageType {
  switch (s.message.type) {
    case 'string':
      return { kind: 'string', len: s.message.bytes };
    case 'bytes':
      return { kind: 'bytes', size: s.message.bytes };
    case 'u64':
      return { kind: 'u64' };
    case 'rust': {
      // The schema refused a type that cannot be laid out, so this always succeeds on a parsed scenario.
      const r = analyzeRustType(s.message.rust);
      if (!r.ok) throw new Error(`message.rust: ${r.error}`);
      return rustMessageType(r.layout, s.message.lengths);
    }
  }
}

/** The crate model a strategy uses: the one named, or tokio's of the matching kind. */
export function strategyImpl(spec: StrategySpec): ImplName {
  if (spec.impl !== undefined) return spec.impl;
  switch (spec.kind) {
    case 'unbounded':
    case 'semaphore-dispatcher':
      return 'tokio-unbounded';
    case 'bounded':
      return 'tokio-bounded';
    case 'semaphore-producer':
      return 'tokio-semaphore';
  }
}

export function strategyLabel(spec: StrategySpec): string {
  if (spec.label !== undefined && spec.label !== '') return spec.label;
  const impl = strategyImpl(spec);
  const crate = crateOfImpl(impl).short;
  switch (spec.kind) {
    case 'unbounded':
      return `${crate} unbounded`;
    case 'bounded': {
      const how =
        spec.send === 'await' ? '' : spec.send === 'try' ? ', try_send' : `, timeout ${spec.timeoutMs} ms`;
      return `${crate} bounded(${spec.capacity}${how})`;
    }
    case 'semaphore-producer':
      return `semaphore-gated (${spec.permits}) at the producer`;
    case 'semaphore-dispatcher':
      return `semaphore-gated (${spec.permits}) at the dispatcher`;
  }
}

/**
 * Stable ids: "unbounded", "bounded", "semaphore" when that tells the strategies apart; otherwise the
 * crate ("tokio-unbounded", "crossbeam-bounded"), then with the bound ("tokio-bounded-1024"), then
 * with the position.
 */
export function strategyId(specs: readonly StrategySpec[], index: number): string {
  const names = (level: number, s: StrategySpec, i: number): string => {
    const semaphore = s.kind === 'semaphore-producer' || s.kind === 'semaphore-dispatcher';
    if (level === 0) return semaphore ? 'semaphore' : s.kind;
    if (level === 1) return semaphore ? s.kind : strategyImpl(s);
    const bound =
      s.kind === 'bounded'
        ? `${strategyImpl(s)}-${s.capacity}`
        : semaphore
          ? `${s.kind}-${s.permits}`
          : strategyImpl(s);
    return level === 2 ? bound : `${bound}-${i}`;
  };
  for (let level = 0; level < 3; level++) {
    const all = specs.map((s, i) => names(level, s, i));
    const mine = all[index];
    if (all.filter((n) => n === mine).length === 1) return mine as string;
  }
  return names(3, specs[index] as StrategySpec, index);
}
