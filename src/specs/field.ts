// One input of an operator, as both of its drivers see it: the action input `name` (kebab-case)
// and the CLI flag `--name` (unless `cli.flag` says otherwise), its description, its default,
// and the conversion of the raw text into the typed value. Pure: no I/O, no environment.
// A missing optional value is `undefined`, never ''; a bad value is a coded error that names
// the input (`input name`) or the flag (`--name`) the user wrote.
import { parseDigest } from '../core/digest.js';
import { RollgateError } from '../core/errors.js';
import { parseUtc } from '../core/utc-time.js';

/** Who reads the value: an action (inputs of action.yml) or the command line (flags). */
export type Surface = 'action' | 'cli';

/**
 * Raw values by input name. An action gives text (undefined when the workflow left it empty); the
 * CLI gives text for a flag with a value, a list for a repeatable flag or a variadic argument, and
 * true for a switch.
 */
export type RawValue = string | readonly string[] | boolean | undefined;
export type RawValues = Readonly<Record<string, RawValue>>;

/**
 * How the CLI takes the value: `--flag <value>` once; `--flag <value>` repeated (an action takes
 * the same list one item per line or comma-separated); a switch `--flag`; one positional
 * argument; the trailing positional arguments (an action takes them as a list).
 */
export type CliForm = 'value' | 'repeatable' | 'switch' | 'argument' | 'variadic';

export interface CliShape {
  /** The flag without `--` (default: the input name), or the argument's name. */
  readonly flag: string;
  /** The value's placeholder in `--help`, e.g. `<dir>`. */
  readonly value: string;
  readonly form: CliForm;
  /** A sentence the CLI's help adds (e.g. a flag that only the CLI has). */
  readonly note?: string;
  /** What the CLI's help says of the default when it differs from the action's. */
  readonly defaultText?: string;
}

export interface FieldShape {
  readonly name: string;
  readonly description: string;
  readonly surfaces: readonly Surface[];
  readonly required: boolean;
  /** Said after "is required" in the error: what to give. */
  readonly requiredHint?: string;
  /** Masked (add-mask) before any input is read. */
  readonly secret: boolean;
  /** How the documentation states the default, e.g. `staging` or `the config's metrics.source`. */
  readonly defaultText?: string;
  /** The values a choice accepts. */
  readonly choices?: readonly string[];
  readonly cli: CliShape;
}

type Convert<T> = (text: string, label: string) => T;

export class Field<T> {
  constructor(
    readonly shape: FieldShape,
    private readonly convert: Convert<unknown>,
    private readonly fallback: () => T,
  ) {}

  /** How an error names the value: `input state` or `--state`. */
  label(surface: Surface): string {
    const { cli } = this.shape;
    if (surface === 'action') return `input ${this.shape.name}`;
    return positional(cli.form) ? `argument ${cli.flag}` : `--${cli.flag}`;
  }

  /** The name as a sentence mentions it: `stage` or `--stage`. */
  ref(surface: Surface): string {
    return surface === 'action' || positional(this.shape.cli.form) ? this.shape.name : `--${this.shape.cli.flag}`;
  }

  /** The typed value of `raw` as `surface` gave it; the default (or undefined) when absent. */
  read(raw: RawValue, surface: Surface): T {
    if (!this.shape.surfaces.includes(surface)) return this.fallback();
    const label = this.label(surface);
    const form = this.shape.cli.form;
    let value: unknown;
    if (form === 'switch') value = readSwitch(raw, label);
    else if (form === 'repeatable' || form === 'variadic') {
      const items = listItems(raw, surface);
      value =
        items.length === 0
          ? undefined
          : items.map((item, i) => this.convert(item, surface === 'action' ? `${label} line ${i + 1}` : label));
    } else {
      if (typeof raw !== 'string' && raw !== undefined) throw new TypeError(`${label}: expected text`);
      value = raw === undefined || raw === '' ? undefined : this.convert(raw, label);
    }
    if (value !== undefined) return value as T;
    if (this.shape.required)
      throw new RollgateError(
        'INPUT_INVALID',
        `${label} is required${this.shape.requiredHint ? ` (${this.shape.requiredHint})` : ''}`,
      );
    return this.fallback();
  }

  /** This field with `shape` changed and the value `fallback` gives when none is read. */
  private with<U>(shape: Partial<FieldShape>, fallback: () => U): Field<U> {
    return new Field<U>({ ...this.shape, ...shape }, this.convert, fallback);
  }

  /** The value when none is given; `text` is how the documentation states it. */
  default(value: NonNullable<T>, text = String(value)): Field<NonNullable<T>> {
    return this.with({ defaultText: text }, () => value);
  }

  /** Documents a default that is applied elsewhere (the config, the job, the environment). */
  defaultNote(text: string): Field<T> {
    return this.with({ defaultText: text }, this.fallback);
  }

  /**
   * Required on every surface that reads it (so call it before `only`). Both surfaces read it and
   * `read` refuses a missing value, so no fallback is left to give; `only` gives the other
   * surface undefined.
   */
  required(hint?: string): Field<NonNullable<T>> {
    const { name, surfaces } = this.shape;
    if (surfaces.length < 2)
      throw new TypeError(`input ${name}: required() before only(), so its type allows undefined`);
    return this.with({ required: true, ...(hint ? { requiredHint: hint } : {}) }, () => noValue(name));
  }

  secret(): Field<T> {
    return this.with({ secret: true }, this.fallback);
  }

  /**
   * Read by one surface only: the other gets undefined (a required field) or its fallback, or
   * the default given after this call (e.g. the CLI's --tenant default, which an action without
   * GITHUB_REPOSITORY uses too).
   */
  only(surface: Surface): Field<T | undefined> {
    return this.with({ surfaces: [surface] }, this.shape.required ? () => undefined : this.fallback);
  }

  cli(shape: Partial<Omit<CliShape, 'form'>>): Field<T> {
    return this.with({ cli: { ...this.shape.cli, ...shape } }, this.fallback);
  }
}

/** The fallback of a required field, which `read` never reaches: a bug if it does. */
function noValue(name: string): never {
  throw new TypeError(`input ${name} is required: it has no fallback`);
}

function readSwitch(raw: RawValue, label: string): boolean | undefined {
  if (raw === undefined || raw === '' || typeof raw === 'boolean') return raw === '' ? undefined : raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new RollgateError('INPUT_INVALID', `${label}: expected true or false, got ${JSON.stringify(raw)}`);
}

/** An action's list is one item per line or comma, blanks dropped; the CLI's arrives as given. */
function listItems(raw: RawValue, surface: Surface): readonly string[] {
  if (raw === undefined || typeof raw === 'boolean') return [];
  if (typeof raw !== 'string') return raw;
  if (surface === 'cli') return raw === '' ? [] : [raw];
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function positional(form: CliForm): boolean {
  return form === 'argument' || form === 'variadic';
}

function field<T>(
  name: string,
  description: string,
  form: CliForm,
  value: string,
  convert: Convert<unknown>,
  fallback: () => T,
): Field<T> {
  return new Field<T>(
    {
      name,
      description,
      surfaces: ['action', 'cli'],
      required: false,
      secret: false,
      cli: { flag: name, value, form },
    },
    convert,
    fallback,
  );
}

const none = () => undefined;
const identity: Convert<string> = (text) => text;

export function text(name: string, description: string, value = '<value>'): Field<string | undefined> {
  return field(name, description, 'value', value, identity, none);
}

export function digest(name: string, description: string): Field<Uint8Array | undefined> {
  return field(name, description, 'value', '<sha256:…>', (text, label) => parseDigest(text, label), none);
}

export function choice<C extends string>(
  name: string,
  description: string,
  choices: readonly C[],
  value: string,
): Field<C | undefined> {
  const convert: Convert<C> = (text, label) => {
    if ((choices as readonly string[]).includes(text)) return text as C;
    throw new RollgateError(
      'INPUT_INVALID',
      `${label}: expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`,
    );
  };
  const base = field<C | undefined>(name, description, 'value', value, convert, none);
  return new Field<C | undefined>({ ...base.shape, choices }, convert, none);
}

/** A whole number from `min` (default 0) to `max` (default the largest safe integer). */
export function wholeNumber(
  name: string,
  description: string,
  bounds: { min?: number; max?: number } = {},
  value = '<n>',
): Field<number | undefined> {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const range = bounds.max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  const convert: Convert<number> = (text, label) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new RollgateError('INPUT_INVALID', `${label} must be a whole number ${range}, got ${JSON.stringify(text)}`);
    return n;
  };
  return field(name, description, 'value', value, convert, none);
}

/** A UTC instant YYYY-MM-DDTHH:MM:SSZ, as epoch seconds. */
export function utcTime(name: string, description: string): Field<number | undefined> {
  return field(name, description, 'value', '<utc>', (text, label) => parseUtc(text, label), none);
}

/** A list: a repeatable flag on the CLI, one item per line or comma in an action. Empty: []. */
export function list(name: string, description: string, value = '<value>'): Field<string[]> {
  return field<string[]>(name, description, 'repeatable', value, identity, () => []);
}

export function digestList(name: string, description: string): Field<Uint8Array[]> {
  return field<Uint8Array[]>(
    name,
    description,
    'repeatable',
    '<sha256:…>',
    (text, label) => parseDigest(text, label),
    () => [],
  );
}

/** Positional arguments of the CLI (`<name...>`), a list input of the action. Empty: []. */
export function variadic(name: string, description: string): Field<string[]> {
  return field<string[]>(name, description, 'variadic', `<${name}...>`, identity, () => []);
}

/** One positional argument of the CLI (`<name>`). */
export function argument(name: string, description: string): Field<string | undefined> {
  return field<string | undefined>(name, description, 'argument', `<${name}>`, identity, none);
}

/** A CLI switch `--name` (an action reads true or false). Absent: false. */
export function flag(name: string, description: string): Field<boolean> {
  return field<boolean>(name, description, 'switch', '', identity, () => false);
}
