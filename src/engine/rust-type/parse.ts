/**
 * A parser for Rust type expressions (`(u64, String)`, `Option<Box<[u8; 200]>>`,
 * `&'static [u8]`, `Box<dyn std::any::Any + Send>`).
 *
 * Hand-written rather than a parser library: the grammar is a dozen productions, the project has no
 * parser dependency, and a recursive-descent parser gives error messages that quote the exact part
 * the user typed, which is what the type field shows.
 */

export type TypeNode =
  | {
      readonly k: 'path';
      readonly text: string;
      readonly segments: readonly string[];
      readonly args: readonly TypeNode[];
    }
  | { readonly k: 'tuple'; readonly text: string; readonly elems: readonly TypeNode[] }
  | { readonly k: 'array'; readonly text: string; readonly elem: TypeNode; readonly len: number }
  | { readonly k: 'slice'; readonly text: string; readonly elem: TypeNode }
  | { readonly k: 'ref'; readonly text: string; readonly raw: boolean; readonly target: TypeNode }
  | { readonly k: 'dyn'; readonly text: string };

export class RustTypeError extends Error {
  override readonly name = 'RustTypeError';
}

/** Longest expression accepted: a message type is one line, not a program. */
export const MAX_TYPE_TEXT = 2000;
const MAX_DEPTH = 64;

type Tok = { readonly t: 'ident' | 'lifetime' | 'int' | 'punct'; readonly v: string; readonly at: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (ident !== null) {
      toks.push({ t: 'ident', v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const lifetime = /^'[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (lifetime !== null) {
      toks.push({ t: 'lifetime', v: lifetime[0], at: i });
      i += lifetime[0].length;
      continue;
    }
    const int = /^[0-9][0-9_]*(?:usize|u8|u16|u32|u64)?/.exec(rest);
    if (int !== null) {
      toks.push({ t: 'int', v: int[0], at: i });
      i += int[0].length;
      continue;
    }
    if (rest.startsWith('::') || rest.startsWith('->')) {
      toks.push({ t: 'punct', v: rest.slice(0, 2), at: i });
      i += 2;
      continue;
    }
    if ('<>()[];,&*+!'.includes(c)) {
      toks.push({ t: 'punct', v: c, at: i });
      i++;
      continue;
    }
    throw new RustTypeError(`unexpected character "${c}" at position ${i + 1}`);
  }
  return toks;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
  private at(): number {
    return this.peek()?.at ?? this.src.length;
  }
  private isPunct(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'punct' && t.v === v;
  }
  private expect(v: string, what: string): void {
    if (!this.isPunct(v)) {
      const t = this.peek();
      throw new RustTypeError(
        t === undefined
          ? `expected "${v}" ${what}, but the type ends`
          : `expected "${v}" ${what}, found "${t.v}" at position ${t.at + 1}`,
      );
    }
    this.pos++;
  }
  private text(from: number): string {
    return this.src.slice(from, this.prevEnd()).trim();
  }
  private prevEnd(): number {
    const t = this.toks[this.pos - 1];
    return t === undefined ? 0 : t.at + t.v.length;
  }

  parseAll(): TypeNode {
    const node = this.type();
    const t = this.peek();
    if (t !== undefined)
      throw new RustTypeError(`unexpected "${t.v}" at position ${t.at + 1} after the type`);
    return node;
  }

  type(): TypeNode {
    if (++this.depth > MAX_DEPTH) throw new RustTypeError(`the type nests deeper than ${MAX_DEPTH} levels`);
    try {
      return this.typeInner();
    } finally {
      this.depth--;
    }
  }

  private typeInner(): TypeNode {
    const start = this.at();
    const t = this.peek();
    if (t === undefined) throw new RustTypeError('expected a type, but the text ends');
    if (t.t === 'punct') {
      switch (t.v) {
        case '&': {
          this.pos++;
          if (this.peek()?.t === 'lifetime') this.pos++;
          if (this.peek()?.t === 'ident' && this.peek()?.v === 'mut') this.pos++;
          const target = this.type();
          return { k: 'ref', raw: false, target, text: this.text(start) };
        }
        case '*': {
          this.pos++;
          const q = this.peek();
          if (q?.t !== 'ident' || (q.v !== 'const' && q.v !== 'mut')) {
            throw new RustTypeError(`a raw pointer needs "const" or "mut" after "*" (position ${t.at + 1})`);
          }
          this.pos++;
          const target = this.type();
          return { k: 'ref', raw: true, target, text: this.text(start) };
        }
        case '(': {
          this.pos++;
          const elems: TypeNode[] = [];
          let trailingComma = false;
          while (!this.isPunct(')')) {
            elems.push(this.type());
            trailingComma = false;
            if (this.isPunct(',')) {
              this.pos++;
              trailingComma = true;
            } else if (!this.isPunct(')')) this.expect(')', 'to close the tuple');
          }
          this.pos++;
          // `(T)` is T in parentheses; `(T,)` is a one-element tuple.
          if (elems.length === 1 && !trailingComma) return elems[0] as TypeNode;
          return { k: 'tuple', elems, text: this.text(start) };
        }
        case '[': {
          this.pos++;
          const elem = this.type();
          if (this.isPunct(']')) {
            this.pos++;
            return { k: 'slice', elem, text: this.text(start) };
          }
          this.expect(';', 'or "]" after the element type of an array');
          const n = this.peek();
          if (n?.t !== 'int') {
            throw new RustTypeError(
              n === undefined
                ? 'expected an array length, but the type ends'
                : `expected an array length (a whole number), found "${n.v}" at position ${n.at + 1}`,
            );
          }
          this.pos++;
          const digits = n.v.replace(/(usize|u8|u16|u32|u64)$/, '').replace(/_/g, '');
          const len = Number(digits);
          if (!Number.isSafeInteger(len)) {
            throw new RustTypeError(`array length ${n.v} is too large`);
          }
          this.expect(']', 'to close the array');
          return { k: 'array', elem, len, text: this.text(start) };
        }
        case '!':
          throw new RustTypeError('the never type "!" has no values to send');
      }
      throw new RustTypeError(`expected a type, found "${t.v}" at position ${t.at + 1}`);
    }
    if (t.t === 'ident' && t.v === 'dyn') {
      this.pos++;
      this.bounds();
      return { k: 'dyn', text: this.text(start) };
    }
    if (t.t === 'ident' && t.v === 'impl') {
      throw new RustTypeError('"impl Trait" is not a type a message can have; name the concrete type');
    }
    if (t.t === 'ident' || this.isPunct('::')) return this.path();
    throw new RustTypeError(`expected a type, found "${t.v}" at position ${t.at + 1}`);
  }

  /** `Trait + Send + 'static` after `dyn`. */
  private bounds(): void {
    for (;;) {
      if (this.peek()?.t === 'lifetime') this.pos++;
      else if (this.peek()?.t === 'ident' || this.isPunct('::')) this.path();
      else throw new RustTypeError(`expected a trait after "dyn" or "+" (position ${this.at() + 1})`);
      if (!this.isPunct('+')) return;
      this.pos++;
    }
  }

  private path(): TypeNode {
    const start = this.at();
    const segments: string[] = [];
    let args: TypeNode[] = [];
    if (this.isPunct('::')) this.pos++;
    for (;;) {
      const id = this.peek();
      if (id?.t !== 'ident')
        throw new RustTypeError(`expected a name in the path at position ${this.at() + 1}`);
      this.pos++;
      segments.push(id.v);
      if (this.isPunct('<')) {
        this.pos++;
        args = [];
        while (!this.isPunct('>')) {
          if (this.peek()?.t === 'lifetime') this.pos++;
          else args.push(this.type());
          if (this.isPunct(',')) this.pos++;
          else if (!this.isPunct('>')) this.expect('>', `to close the arguments of ${id.v}`);
        }
        this.pos++;
      } else if (this.isPunct('(')) {
        // `Fn(u32) -> bool` inside a `dyn`: parsed so the whole type reads, never laid out.
        this.pos++;
        while (!this.isPunct(')')) {
          this.type();
          if (this.isPunct(',')) this.pos++;
          else if (!this.isPunct(')')) this.expect(')', 'to close the argument list');
        }
        this.pos++;
        if (this.isPunct('->')) {
          this.pos++;
          this.type();
        }
      }
      if (!this.isPunct('::')) break;
      this.pos++;
    }
    return { k: 'path', segments, args, text: this.text(start) };
  }
}

/** Parses a type expression, or throws a `RustTypeError` naming what is wrong and where. */
export function parseRustType(src: string): TypeNode {
  if (src.length > MAX_TYPE_TEXT)
    throw new RustTypeError(`the type is longer than ${MAX_TYPE_TEXT} characters`);
  if (src.trim() === '') throw new RustTypeError('type a Rust type, e.g. (u64, String)');
  return new Parser(src, tokenize(src)).parseAll();
}
