/**
 * Dev-time check of the Rust layout engine against the real compiler: generates random nested type
 * expressions from the parts the lab understands, compiles one program printing `size_of` and
 * `align_of` of each with the installed `rustc`, and reports every disagreement. Not part of
 * `npm test` (it needs rustc and takes a while).
 *
 *   npx tsx scripts/layout-vs-rustc.ts [--count 2000] [--seed 1] [--batch 400]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { layoutRecord } from '../src/engine/rust-type/index.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '400' },
  },
});

let state = BigInt(values.seed) | 1n;
/** xorshift64*: a seeded generator so a failing run can be repeated */
function rand(n: number): number {
  state ^= state >> 12n;
  state ^= (state << 25n) & 0xffffffffffffffffn;
  state ^= state >> 27n;
  const x = (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  return Number(x % BigInt(n));
}
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;

const LEAVES = [
  'u8',
  'u16',
  'u32',
  'u64',
  'u128',
  'i8',
  'i16',
  'i32',
  'i64',
  'i128',
  'usize',
  'isize',
  'f32',
  'f64',
  'bool',
  'char',
  '()',
  'bool',
  'char',
  'u8',
  'std::num::NonZeroU8',
  'std::num::NonZeroU32',
  'std::num::NonZeroU64',
  'std::num::NonZeroI16',
  'std::num::NonZero<u128>',
  'std::time::Duration',
  'std::time::Instant',
  'std::net::SocketAddr',
  'std::net::IpAddr',
  'std::net::Ipv4Addr',
  'String',
  "&'static str",
  "&'static [u8]",
  'Box<str>',
  'Box<[u16]>',
  'std::sync::Arc<str>',
  'Box<dyn std::any::Any + Send>',
  'std::collections::HashMap<u64, u64>',
  'std::collections::VecDeque<u8>',
  'std::collections::BTreeMap<u64, String>',
  'std::sync::Mutex<u64>',
  'std::cell::Cell<u32>',
  'std::marker::PhantomData<u64>',
  'std::sync::atomic::AtomicU64',
  'std::sync::atomic::AtomicBool',
  '*const u8',
  '*const [u8]',
  'std::time::SystemTime',
  '[u8; 3]',
  '[u8; 6]',
  '[bool; 3]',
  '(u8, bool)',
  'std::sync::RwLock<u8>',
  'std::num::Wrapping<char>',
  'std::mem::MaybeUninit<bool>',
  'std::ptr::NonNull<u8>',
  'std::pin::Pin<Box<u8>>',
  'std::rc::Rc<[u32]>',
  'std::collections::HashSet<u8>',
  'std::collections::BTreeSet<u8>',
  'std::collections::BinaryHeap<u8>',
  '*const dyn std::any::Any',
  "&'static mut [char]",
  'std::net::SocketAddrV6',
  'Option<()>',
  'Result<(), ()>',
];

function gen(depth: number): string {
  if (depth <= 0 || rand(10) < 3) return pick(LEAVES);
  const d = depth - 1;
  switch (rand(22)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return `Option<${gen(d)}>`;
    case 4:
    case 5:
      return `Result<${gen(d)}, ${gen(d)}>`;
    case 6:
    case 7:
    case 8:
    case 9:
    case 10: {
      const n = rand(5);
      const elems = Array.from({ length: n }, () => gen(d));
      if (n === 1) return `(${elems[0]},)`;
      return `(${elems.join(', ')}${n > 1 && rand(6) === 0 ? ',' : ''})`;
    }
    case 11:
    case 12:
      return `[${gen(d)}; ${pick([0, 1, 2, 3, 5, 7, 16, 24])}]`;
    case 13:
      return `Box<${gen(d)}>`;
    case 14:
      return `Vec<${gen(d)}>`;
    case 15:
      return `std::rc::Rc<${gen(d)}>`;
    case 16:
      return `std::sync::Arc<${gen(d)}>`;
    case 17:
      return `&'static ${gen(d)}`;
    case 18:
      return `std::sync::Mutex<${gen(d)}>`;
    case 19:
      return `std::cell::Cell<${gen(d)}>`;
    case 20:
      return `std::cell::RefCell<${gen(d)}>`;
    default:
      return `std::mem::ManuallyDrop<${gen(d)}>`;
  }
}

const count = Number(values.count);
const batch = Number(values.batch);
const dir = mkdtempSync(join(tmpdir(), 'layout-vs-rustc-'));
let checked = 0;
let failures = 0;
const seen = new Set<string>();
while (checked < count) {
  const types: string[] = [];
  while (types.length < Math.min(batch, count - checked)) {
    const t = gen(1 + rand(5));
    if (!seen.has(t)) {
      seen.add(t);
      types.push(t);
    }
  }
  const body = types.map((t) => `    println!("{} {}", size_of::<${t}>(), align_of::<${t}>());`).join('\n');
  const src = `#![allow(unused)]\nuse std::mem::{align_of, size_of};\nfn main() {\n${body}\n}\n`;
  const file = join(dir, 'types.rs');
  writeFileSync(file, src);
  execFileSync('rustc', ['--edition', '2021', '-o', join(dir, 'types'), file], { stdio: 'inherit' });
  const out = execFileSync(join(dir, 'types'), { encoding: 'utf8' }).trim().split('\n');
  types.forEach((t, i) => {
    const [size, align] = (out[i] as string).split(' ').map(Number);
    const mine = layoutRecord(t);
    if (!('size_of' in mine) || mine.size_of !== size || mine.align_of !== align) {
      failures++;
      console.log(`MISMATCH ${t}\n  rustc: ${size} ${align}\n  lab:   ${JSON.stringify(mine)}`);
    }
  });
  checked += types.length;
  console.error(`${checked} checked, ${failures} mismatches`);
}
console.log(
  `${checked} random types checked against ${execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim()}: ${failures} mismatches`,
);
process.exitCode = failures === 0 ? 0 : 1;
