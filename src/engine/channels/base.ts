/** Shared plumbing for the crate models: handle bookkeeping, single ops from bulk ones, message destruction. */
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

  /** `n` send attempts at once; every model does this arithmetically, never message by message. */
  abstract sendMany(sender: number, n: number): BulkSendResult;
  /** `n` receive attempts at once; returns how many got a message. */
  abstract recvMany(n: number): number;
  abstract structure(): ChannelStructure;
  protected abstract onCloneSender(from: number, as: number): void;
  /** Called after `sender` left the live set; `last` when no sender is left. */
  protected abstract onDropSender(sender: number, last: boolean): void;
  protected abstract onDropReceiver(): void;

  send(sender: number): SendOutcome {
    const r = this.sendMany(sender, 1);
    return r.sent === 1 ? 'sent' : r.full === 1 ? 'full' : 'closed';
  }

  recv(): boolean {
    return this.recvMany(1) === 1;
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
