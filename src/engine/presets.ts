/**
 * Named scenarios, each reproducing one fact people meet in production. The facts are checked by
 * test/unit/presets.test.ts with the exact numbers the crate models give.
 */
import { scenarioSchema, type Scenario, type ScenarioInput } from './scenario/schema.ts';

export interface Preset {
  readonly title: string;
  /** two or three sentences for the side panel */
  readonly explanation: string;
  /** the fact the preset reproduces, with its numbers */
  readonly fact: string;
  /** where the preset comes from a published claim: what the simulator reproduces of it and what not */
  readonly source?: string;
  readonly scenario: Scenario;
}

function preset(name: string, p: Omit<Preset, 'scenario'> & { input: ScenarioInput }): Preset {
  return {
    title: p.title,
    explanation: p.explanation,
    fact: p.fact,
    ...(p.source === undefined ? {} : { source: p.source }),
    scenario: scenarioSchema.parse({ ...p.input, name }),
  };
}

export const PRESET_NAMES = [
  'game-server',
  'agentgateway-services',
  'hyper-connection',
  'big-message',
  'burst-retention',
  'ping-pong',
  'slow-consumer-stall',
  'spawn-per-send',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const presets: Readonly<Record<PresetName, Preset>> = {
  'game-server': preset('game-server', {
    title: 'Game server: players outpace the game loop',
    explanation:
      '1,000 players each send 20 messages a second carrying a 96-byte session token (a String). The game ' +
      'loop drains 10,000 a second with recv_many, taking up to 1,024 at a time (its batch limit). Unbounded, the backlog grows without end; bounded(128) ' +
      'parks the players in send().await; a 1,024-permit semaphore rejects the excess at the door. At 10 s, ' +
      '100 players disconnect: the tokens they already queued stay in the channel, retained, until the loop ' +
      'reaches them.',
    fact:
      'The unbounded heap grows about 1.2 MB/s (12,181,696 B at 10 s): 10,000 extra messages a second, each ' +
      '96 B of token plus 25 B of tokio block (an 800-byte block per 32 Strings). When the 100 players leave, ' +
      '9,900 of their tokens (1,188,000 B) stay retained in the unbounded queue. Bounded and gated stay flat: ' +
      'bounded(128) holds 140,064 B at 60 s, the channel and its 128 tokens. The 900 players waiting in ' +
      "send().await add nothing in tokio, because each wait node lives inside the player's own task; with " +
      'a task spawned per send (producer pattern), each waiting send would hold a 384-byte task cell.',
    source:
      'The seed article reported this server at 4.2 / 2.9 / 1.8 GB RSS and p99 12 / 18 / 8 ms (unbounded / ' +
      'bounded / semaphore). The simulator reproduces the growth of about 1.2 MB/s and the order of the ' +
      'heaps (unbounded far above bounded and gated). It cannot reproduce the gigabytes or the milliseconds: ' +
      'they come from a production process (allocator rounding, fragmentation, everything else it holds), ' +
      'and 4,096 pending messages of this size hold about 0.5 MB, not 4.2 GB. The simulator measures latency ' +
      'from the moment a player has a message (before any send or wait) to the end of its handling: p99 is ' +
      'about 27.5 s unbounded, 27 s bounded (the wait moves into the players) and 75 ms gated (rejected ' +
      'messages are not counted). Measured only around the channel, bounded is the short one; measured ' +
      'around send().await, bounded looks worst, as in the article.',
    input: {
      durationSeconds: 60,
      message: { type: 'string', bytes: 96 },
      producers: {
        count: 1000,
        ratePerSec: 20,
        arrival: 'constant',
        disconnectAtMs: 10_000,
        disconnectCount: 100,
      },
      consumers: { count: 1, service: 'fixed', serviceUs: 100, batch: 1024 },
      strategies: [
        { kind: 'unbounded' },
        { kind: 'bounded', capacity: 128, send: 'await' },
        { kind: 'semaphore-producer', permits: 1024 },
      ],
    },
  }),
  'agentgateway-services': preset('agentgateway-services', {
    title: 'agentgateway: 5,000 services, one idle eviction channel each',
    explanation:
      'Every service owned a tokio mpsc for a 40-byte eviction message that was almost never sent. An idle ' +
      'tokio channel still holds its 512-byte Arc<Chan> and its first 32-slot block. agentgateway PR #1695 ' +
      'switched to futures-channel. Here no message is ever sent: all 5,000 channels stay idle.',
    fact:
      'tokio: 1,312 B block (32 + 32 × 40) + 512 B Arc<Chan> = 1,824 B per service, 9,120,000 B for 5,000. ' +
      'futures-channel unbounded: 72 B inner + a 56 B stub node = 128 B per service, 640,000 B in all.',
    input: {
      durationSeconds: 1,
      message: { type: 'bytes', bytes: 40 },
      producers: { count: 0 },
      channels: { count: 5000, active: 0 },
      strategies: [
        { kind: 'unbounded', impl: 'tokio-unbounded' },
        { kind: 'unbounded', impl: 'futures-unbounded' },
      ],
    },
  }),
  'hyper-connection': preset('hyper-connection', {
    title: 'hyper: 10,000 idle HTTP/1 connections',
    explanation:
      'Each hyper client connection keeps an 8 KiB read buffer, an 8 KiB write buffer and an unbounded ' +
      'tokio dispatch channel whose first block holds 32 request envelopes of about 250 bytes, even when ' +
      'idle (hyper #4057).',
    fact:
      'tokio: 512 + 8,032 (32 + 32 × 250) + 8,192 + 8,192 = 24,928 B per connection, 249,280,000 B for ' +
      '10,000. With futures-channel the channel part is 72 + 264 = 336 B: 16,720 B per connection.',
    input: {
      durationSeconds: 1,
      message: { type: 'bytes', bytes: 250 },
      producers: { count: 0 },
      channels: {
        count: 10_000,
        active: 0,
        extras: [
          { site: 'hyper read buffer', bytes: 8192 },
          { site: 'hyper write buffer', bytes: 8192 },
        ],
      },
      strategies: [
        { kind: 'unbounded', impl: 'tokio-unbounded' },
        { kind: 'unbounded', impl: 'futures-unbounded' },
      ],
    },
  }),
  'big-message': preset('big-message', {
    title: 'Big messages: [u8; 1024] at capacity 1 and 1024',
    explanation:
      'tokio allocates blocks of 32 slots whatever the capacity, so channel(1) costs what channel(1024) ' +
      'costs. crossbeam preallocates exactly the capacity. One producer sends 1,000 messages a second; the ' +
      'consumer keeps up.',
    fact:
      'tokio bounded(1) and bounded(1024): 33,312 B at creation (512 + 32 + 32 × 1,024), 66,112 B once the ' +
      'second block appears at message 33. crossbeam bounded(1): 1,672 B; bounded(1024): 1,057,408 B; ' +
      'its consumer thread, blocked in recv on the empty channel, adds 144 B (the channel keeps a 96 B ' +
      'waker-entry Vec, the thread a 48 B Context).',
    input: {
      durationSeconds: 2,
      message: { type: 'bytes', bytes: 1024 },
      producers: { count: 1, ratePerSec: 1000 },
      consumers: { count: 1, serviceUs: 10 },
      strategies: [
        { kind: 'bounded', impl: 'tokio-bounded', capacity: 1 },
        { kind: 'bounded', impl: 'tokio-bounded', capacity: 1024 },
        { kind: 'bounded', impl: 'crossbeam-bounded', capacity: 1 },
        { kind: 'bounded', impl: 'crossbeam-bounded', capacity: 1024 },
      ],
    },
  }),
  'burst-retention': preset('burst-retention', {
    title: 'A burst, then a drain: what each crate keeps',
    explanation:
      '10,000 u64 messages arrive at once at 100 ms and the consumer drains them, 1 µs each. Afterwards the queue is ' +
      'empty, yet each crate keeps a different amount: tokio keeps up to three spare blocks, flume never ' +
      'shrinks its VecDeque, futures-channel gives everything back.',
    fact:
      'After the drain tokio keeps 512 + 4 × 288 = 1,664 B (313 blocks at the peak); crossbeam and std keep ' +
      'one 504 B block and the 96 B waker-entry Vec their blocked consumer left (1,112 B); async-channel ' +
      '1,488 B; futures-channel its 96 B; flume keeps its 131,072 B buffer and the 64 B deque of its ' +
      'waiting receive (152 + 16,384 × 8 + 64).',
    input: {
      durationSeconds: 1,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 0, arrival: 'spike', spikeAtMs: 100, spikeMessages: 10_000 },
      consumers: { count: 1, serviceUs: 1 },
      strategies: [
        { kind: 'unbounded', impl: 'tokio-unbounded' },
        { kind: 'unbounded', impl: 'futures-unbounded' },
        { kind: 'unbounded', impl: 'crossbeam-unbounded' },
        { kind: 'unbounded', impl: 'std-unbounded' },
        { kind: 'unbounded', impl: 'flume-unbounded' },
        { kind: 'unbounded', impl: 'async-unbounded' },
      ],
    },
  }),
  'ping-pong': preset('ping-pong', {
    title: 'Ping-pong: the memory bump after 32 sends',
    explanation:
      'One message is sent and received at a time. tokio allocates its second block at message 33 (tokio ' +
      '#4031, "an inexplicable memory bump") and then the two blocks swap roles forever. crossbeam allocates ' +
      'and frees one block every 31 messages instead.',
    fact:
      'tokio unbounded with u64: 800 B at creation, 1,088 B from message 33 on, with 3 allocations in all ' +
      'however long it runs. crossbeam: 1,016 B of channel and block, one new 504 B block every 31 ' +
      'messages, plus 144 B for its consumer thread blocked in recv between messages.',
    input: {
      durationSeconds: 10,
      message: { type: 'u64' },
      producers: { count: 1, ratePerSec: 100 },
      consumers: { count: 1, serviceUs: 10 },
      strategies: [
        { kind: 'unbounded', impl: 'tokio-unbounded' },
        { kind: 'bounded', impl: 'tokio-bounded', capacity: 1 },
        { kind: 'unbounded', impl: 'crossbeam-unbounded' },
      ],
    },
  }),
  'slow-consumer-stall': preset('slow-consumer-stall', {
    title: 'Slow consumer: a 3-second stall',
    explanation:
      '100 producers send 5,000 messages a second in total; the consumer handles 10,000 a second but stops ' +
      'for 3 s at t = 2 s. Unbounded buffers the whole stall, bounded(1024) parks every producer, the ' +
      'semaphore rejects what does not fit in 1,024 permits. After the stall everything drains.',
    fact:
      'Unbounded queues every arrival of the stall: 15,001 messages (5,000/s × 3 s, plus the one arriving as ' +
      'it ends), 1.34 MB at the peak. Bounded never holds more than 1,024 and parks all 100 producers; the ' +
      'gate rejects 13,977 messages. Once drained, tokio keeps 4 blocks: 512 + 4 × 800 = 3,712 B.',
    input: {
      durationSeconds: 10,
      message: { type: 'string', bytes: 64 },
      producers: { count: 100, ratePerSec: 50 },
      consumers: { count: 1, serviceUs: 100, stallAtMs: 2000, stallForMs: 3000 },
      strategies: [
        { kind: 'unbounded' },
        { kind: 'bounded', capacity: 1024, send: 'await' },
        { kind: 'semaphore-producer', permits: 1024 },
      ],
    },
  }),
  'spawn-per-send': preset('spawn-per-send', {
    title: 'A task per send: the bounded channel stops bounding',
    explanation:
      '100 producers send 10,000 messages a second in total, each from a task spawned for that one send ' +
      '(tokio::spawn(async move { tx.send(msg).await })); the consumer handles 5,000 a second. spawn returns ' +
      'at once, so nothing holds the producers back: with bounded(128) the excess waits as tasks, each with ' +
      'its message. The semaphore is taken before spawning, so it still rejects at the door.',
    fact:
      'After 20 s, bounded(128) holds 47,956,256 B: 99,872 waiting send tasks, each a 384-byte task cell ' +
      'and its 96-byte token (480 B), besides the 128 queued. That is 4 times the unbounded channel ' +
      '(12,101,408 B, 121 B per queued message: the token and a 32nd of an 800-byte block). The ' +
      'semaphore-gated strategy stays at 142,168 B and rejects 98,977 messages.',
    input: {
      durationSeconds: 20,
      message: { type: 'string', bytes: 96 },
      producers: { count: 100, ratePerSec: 100, pattern: 'task-per-send' },
      consumers: { count: 1, serviceUs: 200 },
      strategies: [
        { kind: 'unbounded' },
        { kind: 'bounded', capacity: 128, send: 'await' },
        { kind: 'semaphore-producer', permits: 1024 },
      ],
    },
  }),
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
