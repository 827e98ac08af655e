/**
 * Query values read with zod: what a URL's text may be (a number, 1/0, a comma list) as schemas, and
 * one way to read a key with them, so that every bad value, whatever the key, gets the same notice:
 * `KEY: expected WHAT, got "TEXT"; using DEFAULT`. The scenario's keys (url.ts) pipe these into the
 * scenario schema's own field schemas; the app's own keys (src/ui/url-state.ts) into theirs.
 */
import { z } from 'zod';
import { describeValue } from './parse.ts';

export interface UrlNotice {
  readonly field: string;
  readonly message: string;
}

/** A query value that says something: not empty once trimmed. */
export const queryText = z.string().trim().min(1);

/**
 * A number written in a query (`12`, `0.5`, `1e3`), then checked by `range`. Empty text is not 0, and
 * NaN or ±Infinity never pass (zod's numbers are finite).
 */
export function queryNumber<T>(range: z.ZodType<T, number>): z.ZodType<T, string> {
  return queryText.transform(Number).pipe(range);
}

/** A whole number from `min` to `max`. */
export function queryInteger(min: number, max: number): z.ZodType<number, string> {
  return queryNumber(z.number().int().min(min).max(max));
}

/** A flag: `1` or `true`, `0` or `false` (exactly so: a link is written by a program or copied). */
export const queryFlag: z.ZodType<boolean, string> = z
  .string()
  .trim()
  .pipe(z.stringbool({ truthy: ['1', 'true'], falsy: ['0', 'false'], case: 'sensitive' }));

/** A list separated by `separator`, each part trimmed and then checked by `item`. */
export function queryList<T>(item: z.ZodType<T, string>, separator = ','): z.ZodType<T[], string> {
  return z
    .string()
    .transform((text) => text.split(separator).map((part) => part.trim()))
    .pipe(z.array(item));
}

/**
 * How to read one key: the schema, what it accepts in words, and what is used when the key is absent or
 * its value does not pass (`F`: the fallback may be of another type, e.g. null for "none").
 */
export interface QueryRule<T, F = T> {
  readonly schema: z.ZodType<T, string>;
  readonly expected: string;
  readonly fallback: F;
  /** the fallback in words, when `String(fallback)` does not say it */
  readonly used?: string;
}

/** The value of `key` (`raw`, undefined when absent): parsed by the rule, or its fallback with a notice. */
export function readQueryValue<T, F = T>(
  notices: UrlNotice[],
  key: string,
  raw: string | undefined,
  rule: QueryRule<T, F>,
): T | F {
  if (raw === undefined) return rule.fallback;
  const r = rule.schema.safeParse(raw);
  if (r.success) return r.data;
  notices.push({
    field: key,
    message: `${key}: expected ${rule.expected}, got ${describeValue(raw)}; using ${rule.used ?? String(rule.fallback)}`,
  });
  return rule.fallback;
}
