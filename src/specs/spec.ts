// An operator's input specification: its fields in the order the documentation lists them,
// and the parse that turns raw values (an action's inputs or the CLI's flags) into the typed
// options its job takes. The rules between fields (give stage or cohort, not both) live in
// `refine`, so both drivers apply them. Generated from it: the `inputs:` of the action's
// action.yml, the README's input table (through that file) and the command's `--help`.
import type { Field, RawValues, Surface } from './field.js';

export type Fields = Readonly<Record<string, Field<unknown>>>;

export type ValuesOf<F extends Fields> = { readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export interface RefineContext<F extends Fields> {
  readonly surface: Surface;
  /** How a message names a field on this surface: `stage` or `--stage`. */
  readonly ref: (key: keyof F & string) => string;
}

export interface OperatorSpec<F extends Fields = Fields, O = unknown> {
  /** The action's folder under actions/ and the CLI command. */
  readonly name: string;
  readonly fields: F;
  /** Every field read once, then the rules between them; throws a coded error naming the input. */
  readonly parse: (raw: RawValues, surface: Surface) => O;
}

/** The typed options a spec parses into. */
export type OptionsOf<S> = S extends OperatorSpec<Fields, infer O> ? O : never;

/** A spec whose options are its fields' values; with `refine`, the rules between them decide the options. */
export function defineSpec<F extends Fields>(name: string, fields: F): OperatorSpec<F, ValuesOf<F>>;
export function defineSpec<F extends Fields, O>(
  name: string,
  fields: F,
  refine: (values: ValuesOf<F>, context: RefineContext<F>) => O,
): OperatorSpec<F, O>;
export function defineSpec<F extends Fields, O>(
  name: string,
  fields: F,
  refine?: (values: ValuesOf<F>, context: RefineContext<F>) => O,
): OperatorSpec<F, O | ValuesOf<F>> {
  const names = new Set<string>();
  for (const f of Object.values(fields)) {
    if (names.has(f.shape.name)) throw new TypeError(`${name}: input ${f.shape.name} is declared twice`);
    names.add(f.shape.name);
  }
  return {
    name,
    fields,
    parse: (raw, surface) => {
      const values: Record<string, unknown> = {};
      // A field of the other surface only is never looked up: it takes its default.
      for (const [key, f] of Object.entries(fields))
        values[key] = f.read(f.shape.surfaces.includes(surface) ? raw[f.shape.name] : undefined, surface);
      const typed = values as ValuesOf<F>;
      return refine ? refine(typed, { surface, ref: (key) => fields[key]!.ref(surface) }) : typed;
    },
  };
}

/** The inputs an action reads, in order: what the runtime masks and reads. */
export function actionInputs(spec: OperatorSpec): Array<{ name: string; secret?: true }> {
  return Object.values(spec.fields)
    .filter((f) => f.shape.surfaces.includes('action'))
    .map((f) => (f.shape.secret ? { name: f.shape.name, secret: true } : { name: f.shape.name }));
}

/**
 * A field's help on `surface`: its description, how a list is given, its default, then what
 * only the CLI adds.
 */
export function describeField(f: Field<unknown>, surface: Surface): string {
  const { description, defaultText, cli } = f.shape;
  const shown = surface === 'cli' ? (cli.defaultText ?? defaultText) : defaultText;
  return [
    description,
    surface === 'action' ? (LIST_FORMS.has(cli.form) ? 'One per line or comma-separated.' : '') : '',
    surface === 'cli' && cli.form === 'repeatable' ? 'Repeatable.' : '',
    shown === undefined ? '' : `Default ${shown}.`,
    surface === 'cli' ? (cli.note ?? '') : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

const LIST_FORMS = new Set(['repeatable', 'variadic']);

/** The `inputs:` block of the action's action.yml, generated from the spec (npm run docs). */
export function actionYamlInputs(spec: OperatorSpec): Record<string, { description: string; required: boolean }> {
  const inputs: Record<string, { description: string; required: boolean }> = {};
  for (const f of Object.values(spec.fields))
    if (f.shape.surfaces.includes('action'))
      inputs[f.shape.name] = { description: describeField(f, 'action'), required: f.shape.required };
  return inputs;
}
