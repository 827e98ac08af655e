/** Shared plumbing for the crate models: handle bookkeeping, bulk defaults, message destruction. */
import type { Heap } from '../heap.ts';
import { PAYLOAD_SITE, payloadBytes, type MessageType } from '../layout.ts';
import type { ChannelStructure } from './structure.ts';
import {
  HandleError,
  type BulkSendResult,
  type ChannelModel,
  type ChannelParams,
  type CrateRefusal,
  type CreateResult,
  type ImplName,
  type SendOutcome,
} from './types.ts';

export abstract class BaseChannel implements ChannelModel {
  abstract readonly impl: ImplName;
  abstract readonly pending: number;
  readonly message: MessageType;
  /** Live sender handle ids, in creation order. */
  protected readonly senders = new Set<number>();
  receiverAlive = true;

  constructor(
    readonly heap: Heap,
    params: ChannelParams,
  ) {
    this.message = params.message;
    this.senders.add(0);
  }

  senderIds(): readonly number[] {
    return [...this.senders];
  }

  abstract send(sender: number): SendOutcome;
  abstract recv(): boolean;
  abstract structure(): ChannelStructure;
  protected abstract onCloneSender(from: number, as: number): void;
  /** Called after `sender` left the live set; `last` when no sender is left. */
  protected abstract onDropSender(sender: number, last: boolean): void;
  protected abstract onDropReceiver(): void;

  sendMany(sender: number, n: number): BulkSendResult {
    let sent = 0;
    let full = 0;
    let closed = 0;
    for (let i = 0; i < n; i++) {
      const r = this.send(sender);
      if (r === 'sent') sent++;
      else if (r === 'full') full++;
      else closed++;
    }
    return { sent, full, closed };
  }

  recvMany(n: number): number {
    let got = 0;
    for (let i = 0; i < n; i++) if (this.recv()) got++;
    return got;
  }

  cloneSender(from: number, as: number): void {
    this.requireSender(from);
    if (this.senders.has(as)) throw new HandleError(`sender ${as} already exists`);
    this.senders.add(as);
    this.onCloneSender(from, as);
  }

  dropSender(sender: number): void {
    this.requireSender(sender);
    this.senders.delete(sender);
    this.onDropSender(sender, this.senders.size === 0);
  }

  dropReceiver(): void {
    if (!this.receiverAlive) throw new HandleError('the receiver was already dropped');
    this.receiverAlive = false;
    this.onDropReceiver();
  }

  protected requireSender(sender: number): void {
    if (!this.senders.has(sender)) throw new HandleError(`sender ${sender} does not exist`);
  }

  /** Runs the destructor of `count` stored messages: frees their payloads (a String's buffer). */
  protected destroyMessages(count: number): void {
    this.heap.free(PAYLOAD_SITE, payloadBytes(this.message), count);
  }
}

export function refuse(
  kind: CrateRefusal['kind'],
  crate: string,
  origin: string,
  message: string,
): CreateResult {
  return { ok: false, refusal: { kind, crate, origin, message } };
}

/** Capacity/permits given to a bounded constructor, or a refusal-worthy description of what is missing. */
export function requireCount(params: ChannelParams, key: 'capacity' | 'permits'): number {
  const v = params[key];
  if (v === undefined || !Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${key} must be a non-negative integer, got ${String(v)}`);
  }
  return v;
}
