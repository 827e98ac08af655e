/**
 * The scenario's fields as a flat table, derived from the schema (via its JSON Schema form), for
 * sliders, URL keys, error messages and the docs. Paths are dotted: `producers.count`,
 * `strategies.1.capacity`. Strategy fields are listed once with the path `strategies.N.<field>`.
 */
import { z } from 'zod';
import { scenarioSchema, strategySchema, type FieldMeta } from './schema.ts';

export type FieldKind = 'integer' | 'number' | 'enum' | 'boolean' | 'string' | 'list';

export interface FieldInfo extends FieldMeta {
  /** dotted path; strategy fields use `strategies.N.` as a prefix */
  readonly path: string;
  readonly kind: FieldKind;
  readonly default: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
  readonly optional: boolean;
}

/**
 * Range, step, unit and label of a numeric field, for the panel's sliders and number inputs: the
 * schema's range, capped at `sliderMax` where it is huge.
 */
export interface NumericFieldSpec {
  readonly path: string;
  readonly label: string;
  readonly description: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly log: boolean;
  readonly default: number;
}

interface JsonNode {
  type?: string;
  enum?: string[];
  properties?: Record<string, JsonNode>;
  required?: string[];
  items?: JsonNode;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonNode[];
  [meta: string]: unknown;
}

function toJson(schema: z.ZodType): JsonNode {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
}

function fieldOf(path: string, node: JsonNode, optional: boolean): FieldInfo {
  const kind: FieldKind =
    node.enum !== undefined
      ? 'enum'
      : node.type === 'integer'
        ? 'integer'
        : node.type === 'number'
          ? 'number'
          : node.type === 'boolean'
            ? 'boolean'
            : node.type === 'array'
              ? 'list'
              : 'string';
  // the schema's own metadata (FieldMeta) comes back from the JSON Schema as unknown values
  const { unit, step, sliderMax, log } = node;
  return {
    path,
    kind,
    default: node.default,
    optional,
    label: typeof node.label === 'string' ? node.label : path,
    description: typeof node.description === 'string' ? node.description : '',
    ...(typeof unit === 'string' ? { unit } : {}),
    ...(typeof step === 'number' ? { step } : {}),
    ...(typeof sliderMax === 'number' ? { sliderMax } : {}),
    ...(typeof log === 'boolean' ? { log } : {}),
    ...(node.minimum !== undefined ? { min: node.minimum } : {}),
    ...(node.maximum !== undefined ? { max: node.maximum } : {}),
    ...(node.enum !== undefined ? { options: node.enum } : {}),
  };
}

function collect(node: JsonNode, prefix: string, out: FieldInfo[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (child.type === 'object' && child.properties !== undefined) collect(child, path, out);
    // strategies are listed per field below; timed changes are a list of their own (changes.ts)
    else if (key !== 'strategies' && key !== 'changes')
      out.push(fieldOf(path, child, !(node.required ?? []).includes(key)));
  }
}

function buildFields(): FieldInfo[] {
  const out: FieldInfo[] = [];
  collect(toJson(scenarioSchema), '', out);
  const strategy = toJson(strategySchema);
  for (const [key, child] of Object.entries(strategy.properties ?? {})) {
    out.push(fieldOf(`strategies.N.${key}`, child, !(strategy.required ?? []).includes(key)));
  }
  return out;
}

/** Every scalar field of a scenario, in schema order. */
export const SCENARIO_FIELDS: readonly FieldInfo[] = buildFields();

const BY_PATH = new Map(SCENARIO_FIELDS.map((f) => [f.path, f]));

/** `strategies.3.capacity` → `strategies.N.capacity`. */
export function templatePath(path: string): string {
  return path.replace(/^strategies\.\d+\./, 'strategies.N.');
}

/** The field a dotted path names (strategy indices resolved), or undefined for an unknown path. */
export function fieldInfo(path: string): FieldInfo | undefined {
  return BY_PATH.get(templatePath(path));
}

/** Range settings for every numeric field. */
export const NUMERIC_FIELDS: readonly NumericFieldSpec[] = SCENARIO_FIELDS.filter(
  (f) => f.kind === 'integer' || f.kind === 'number',
).map((f) => ({
  path: f.path,
  label: f.label,
  description: f.description,
  unit: f.unit ?? '',
  min: f.min ?? 0,
  max: Math.min(f.max ?? Number.MAX_SAFE_INTEGER, f.sliderMax ?? Number.MAX_SAFE_INTEGER),
  step: f.step ?? (f.kind === 'integer' ? 1 : 0.01),
  log: f.log ?? false,
  default: typeof f.default === 'number' ? f.default : 0,
}));

/** Range settings by path (`strategies.N.capacity` for strategy fields). */
export function numericField(path: string): NumericFieldSpec | undefined {
  const t = templatePath(path);
  return NUMERIC_FIELDS.find((s) => s.path === t);
}

/** What a field accepts, in words: "an integer from 0 to 1000000", `one of "a", "b"`. */
export function expectation(f: FieldInfo): string {
  switch (f.kind) {
    case 'integer':
    case 'number': {
      const what = f.kind === 'integer' ? 'an integer' : 'a number';
      const unit = f.unit !== undefined ? ` ${f.unit}` : '';
      if (f.min !== undefined && f.max !== undefined) return `${what} from ${f.min} to ${f.max}${unit}`;
      if (f.min !== undefined) return `${what} ≥ ${f.min}${unit}`;
      return what;
    }
    case 'enum':
      return `one of ${(f.options ?? []).map((o) => JSON.stringify(o)).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'list':
      return 'a list';
    case 'string':
      return 'a text';
  }
}

/** The fields as a Markdown table (the docs are generated from the schema, never written twice). */
export function fieldsMarkdown(): string {
  const rows = SCENARIO_FIELDS.map(
    (f) =>
      `| \`${f.path}\` | ${expectation(f)} | ${JSON.stringify(f.default) ?? '(derived)'} | ${f.description} |`,
  );
  return ['| field | accepts | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
