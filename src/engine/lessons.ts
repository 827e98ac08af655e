/**
 * Guided lessons for workshops: short sequences of steps, each with one sentence of explanation, the
 * scenario it loads and an optional "predict, then reveal" question. Every revealed number is computed
 * by running the crate models when asked, never typed in, so a lesson cannot drift from the models.
 */
import { Heap } from './heap.ts';
import { PAYLOAD_SITE, type MessageType } from './layout.ts';
import { createChannel, type ChannelModel, type ImplName } from './channels/index.ts';
import type { TokioStructure } from './channels/structure.ts';
import { presets, type PresetName } from './presets.ts';
import { scenarioSchema, type Scenario, type ScenarioInput } from './scenario/schema.ts';

export interface LessonAnswer {
  /** the number or word to reveal, e.g. "33,312 B" */
  readonly value: string;
  /** one sentence saying why */
  readonly why: string;
}

export interface LessonQuestion {
  readonly prompt: string;
  /** choices to pick from; the answer's value is one of them */
  readonly choices: readonly string[];
  readonly answer: () => LessonAnswer;
}

export interface LessonStep {
  readonly title: string;
  /** one sentence of explanation */
  readonly text: string;
  readonly preset: PresetName;
  /** fields changed on top of the preset (merged one level deep) */
  readonly overrides?: Partial<ScenarioInput>;
  readonly question?: LessonQuestion;
}

export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly steps: readonly LessonStep[];
}

const fmt = (n: number) => n.toLocaleString('en-US');
const B = (n: number) => `${fmt(n)} B`;

function open(impl: ImplName, message: MessageType, bound = 1): { heap: Heap; ch: ChannelModel } {
  const heap = new Heap();
  const r = createChannel(impl, heap, { message, capacity: bound, permits: bound });
  if (!r.ok) throw new Error(`${impl}: ${r.refusal.message}`);
  return { heap, ch: r.channel };
}

/** Bytes `impl` allocates when created for `message` (payloads excluded). */
function createBytes(impl: ImplName, message: MessageType, bound = 1): number {
  return open(impl, message, bound).heap.liveBytes;
}

/** The scenario a step loads: its preset with the step's overrides, validated by the one schema. */
export function lessonStepScenario(step: LessonStep): Scenario {
  const base = presets[step.preset].scenario;
  const o = step.overrides ?? {};
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(o)) {
    const b = (base as Record<string, unknown>)[k];
    merged[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object'
        ? { ...b, ...v }
        : v;
  }
  return scenarioSchema.parse(merged);
}

const BYTES_1024: MessageType = { kind: 'bytes', size: 1024 };
const U64: MessageType = { kind: 'u64' };

export const lessons: readonly Lesson[] = [
  {
    id: 'block',
    title: 'The 32-slot block',
    summary: 'Why channel(1) costs what channel(1024) costs in tokio.',
    steps: [
      {
        title: 'One block, whatever the capacity',
        text: 'tokio stores messages by value in blocks of 32 slots, and creating a channel allocates the first block at once.',
        preset: 'big-message',
        question: {
          prompt: 'How many bytes does tokio::sync::mpsc::channel::<[u8; 1024]>(1) allocate?',
          choices: ['1,024 B', '1,536 B', '33,312 B', '1,050,112 B'],
          answer: () => ({
            value: B(createBytes('tokio-bounded', BYTES_1024, 1)),
            why: 'a 512 B Arc<Chan> plus one block of 32 + 32 × 1,024 bytes: the capacity only sets the permits',
          }),
        },
      },
      {
        title: 'Capacity 1024 costs the same at first',
        text: 'The capacity is a semaphore count, not a buffer size: blocks are added only as messages arrive.',
        preset: 'big-message',
        question: {
          prompt: 'And channel::<[u8; 1024]>(1024) right after creation?',
          choices: ['33,312 B', '1,050,112 B', '1,048,576 B'],
          answer: () => ({
            value: B(createBytes('tokio-bounded', BYTES_1024, 1024)),
            why: 'the same two allocations; crossbeam, by contrast, preallocates all 1,024 slots',
          }),
        },
      },
    ],
  },
  {
    id: 'second-block',
    title: 'Message 33 and the spare blocks',
    summary: 'The "memory bump after 32 sends" (tokio #4031) and what a burst leaves behind.',
    steps: [
      {
        title: 'The bump at message 33',
        text: 'Sending and receiving one message at a time still walks through the slot indices, so the 33rd send needs a second block.',
        preset: 'ping-pong',
        question: {
          prompt:
            'A channel::<u64>(1) has made 2 allocations after 32 send/recv pairs. How many after 1,000 more?',
          choices: ['2', '3', '33', '1,002'],
          answer: () => {
            const { heap, ch } = open('tokio-bounded', U64, 1);
            for (let i = 0; i < 1032; i++) {
              ch.send(0);
              ch.recv();
            }
            return {
              value: fmt(heap.allocs),
              why: 'block 2 appears at message 33, then the two blocks swap roles forever: it is not a leak',
            };
          },
        },
      },
      {
        title: 'What a burst leaves behind',
        text: 'Drained blocks are reused as spares after the tail (at most three) or freed.',
        preset: 'burst-retention',
        question: {
          prompt:
            'After 10,000 u64 pass through a tokio unbounded channel and it is drained, how many blocks stay?',
          choices: ['1', '4', '313'],
          answer: () => {
            const { ch } = open('tokio-unbounded', U64);
            ch.sendMany(0, 10_000);
            ch.recvMany(10_000);
            const s = ch.structure() as TokioStructure;
            return {
              value: fmt(s.totalBlocks),
              why: `the current block plus ${s.spareBlocks} spares, ${B(512 + s.totalBlocks * s.blockBytes)} in all, however big the burst was`,
            };
          },
        },
      },
    ],
  },
  {
    id: 'strategies',
    title: 'Unbounded, bounded, semaphore-gated',
    summary: 'The game-server load on the three designs people argue about.',
    steps: [
      {
        title: 'Producers outpace the game loop',
        text: 'Players send 20,000 session tokens a second; the loop handles 10,000.',
        preset: 'game-server',
        question: {
          prompt: 'Which heap keeps growing?',
          choices: ['unbounded', 'bounded(128)', 'semaphore-gated (1024)'],
          answer: () => ({
            value: 'unbounded',
            why: 'nothing holds the producers back, so every second adds 10,000 messages of 96 B tokens plus block slots',
          }),
        },
      },
      {
        title: 'Backpressure moves the cost',
        text: 'Bounded parks the players in send().await, each holding its message in its task; the gate rejects the excess at the door.',
        preset: 'game-server',
        overrides: { producers: { count: 2000 } },
      },
    ],
  },
  {
    id: 'retained',
    title: 'Retained session tokens',
    summary: 'Messages queued by players who have left still hold their payloads.',
    steps: [
      {
        title: 'Players disconnect',
        text: 'A disconnecting player drops its Sender, but its queued messages stay in the channel until received.',
        preset: 'game-server',
        overrides: { producers: { disconnectAtMs: 5000, disconnectCount: 500 } },
        question: {
          prompt:
            'A tokio unbounded channel holds 1,000 tokens (String, 96 B) from players who left. What happens to them?',
          choices: ['freed when the sender drops', 'kept until received', 'leaked forever'],
          answer: () => {
            const { heap, ch } = open('tokio-unbounded', { kind: 'string', len: 96 });
            heap.alloc(PAYLOAD_SITE, 96, 1, 1000);
            ch.sendMany(0, 1000);
            ch.cloneSender(0, 1);
            ch.dropSender(0);
            return {
              value: 'kept until received',
              why: `dropping the sender frees nothing: ${B(heap.siteBytes(PAYLOAD_SITE))} of tokens stay retained until the receiver takes them (or is dropped)`,
            };
          },
        },
      },
    ],
  },
  {
    id: 'per-service',
    title: '5,000 per-service channels',
    summary: 'An idle channel is not free: tokio vs futures-channel (agentgateway PR #1695).',
    steps: [
      {
        title: 'One idle channel per service',
        text: 'Each service owns an eviction channel of a 40-byte message that is almost never used.',
        preset: 'agentgateway-services',
        question: {
          prompt: 'How many bytes does one idle tokio unbounded channel of a 40-byte message hold?',
          choices: ['40 B', '512 B', '1,824 B', '9,120,000 B'],
          answer: () => ({
            value: B(createBytes('tokio-unbounded', { kind: 'bytes', size: 40 })),
            why: `512 B Arc<Chan> + a 1,312 B block; futures-channel needs ${B(createBytes('futures-unbounded', { kind: 'bytes', size: 40 }))}`,
          }),
        },
      },
    ],
  },
  {
    id: 'hyper',
    title: 'The idle hyper connection',
    summary: 'Why an idle HTTP/1 client connection carries about 8 KiB more than its buffers (hyper #4057).',
    steps: [
      {
        title: 'Buffers and a dispatch channel',
        text: 'Each connection has 8 KiB read and write buffers and an unbounded tokio channel of ~250-byte request envelopes.',
        preset: 'hyper-connection',
        question: {
          prompt: 'How many bytes does the idle dispatch channel hold per connection?',
          choices: ['250 B', '512 B', '8,544 B', '16,384 B'],
          answer: () => ({
            value: B(createBytes('tokio-unbounded', { kind: 'bytes', size: 250 })),
            why: 'its first block has 32 slots of 250 bytes (8,032 B) behind the 512 B Arc<Chan>, allocated at the handshake',
          }),
        },
      },
    ],
  },
  {
    id: 'myths',
    title: 'Claims that do not hold',
    summary: 'What the crates really do, checked against the models.',
    steps: [
      {
        title: '"tokio wraps each message in an Arc"',
        text: 'Messages are moved by value into block slots; the only Arc is the one per channel.',
        preset: 'ping-pong',
        question: {
          prompt: 'How many allocations do 32 sends on a fresh tokio channel::<u64>(100) make?',
          choices: ['0', '1', '32'],
          answer: () => {
            const { heap, ch } = open('tokio-bounded', U64, 100);
            const before = heap.allocs;
            ch.sendMany(0, 32);
            return { value: fmt(heap.allocs - before), why: 'the 32 slots already exist in the first block' };
          },
        },
      },
      {
        title: '"tokio mpsc defaults to an unbounded buffer"',
        text: 'There is no default: channel(n) needs a capacity and unbounded_channel() is a separate constructor.',
        preset: 'big-message',
        question: {
          prompt: 'What does tokio::sync::mpsc::channel::<u64>(0) do?',
          choices: ['an unbounded channel', 'a rendezvous channel', 'it panics'],
          answer: () => {
            const r = createChannel('tokio-bounded', new Heap(), { message: U64, capacity: 0 });
            return {
              value: r.ok ? 'a channel' : 'it panics',
              why: r.ok ? 'it was accepted' : `with "${r.refusal.message}"`,
            };
          },
        },
      },
      {
        title: '"Rust 1.85 std mpsc leaked 128 bytes per message"',
        text: "Since 1.67 std mpsc is crossbeam's list: a 504 B block per 31 messages, freed when read.",
        preset: 'ping-pong',
        question: {
          prompt:
            'After 1,000 send/recv pairs on std::sync::mpsc::channel::<u64>(), how many blocks are live?',
          choices: ['0', '1', '1,000'],
          answer: () => {
            const { heap, ch } = open('std-unbounded', U64);
            for (let i = 0; i < 1000; i++) {
              ch.send(0);
              ch.recv();
            }
            const blocks = heap.allocs - heap.deallocs - 1;
            return {
              value: fmt(blocks),
              why: `${fmt(heap.allocs)} allocations and ${fmt(heap.deallocs)} frees: one block lives, nothing grows`,
            };
          },
        },
      },
    ],
  },
];
