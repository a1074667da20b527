// A command's flags and arguments come from its input specification (src/specs): commander only
// collects the text, and the spec parses it inside the error boundary, so a bad value is a
// coded INPUT_INVALID naming the flag, exactly as the action names its input.
import { Command, Option } from 'commander';
import type { RawValue, Surface } from '../specs/field.js';
import { describeField, type Fields, type OperatorSpec } from '../specs/spec.js';
import type { RunCommand } from './deps.js';

const CLI: Surface = 'cli';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Registers the spec's command-line fields on `command` (no defaults, parsers or choices here). */
export function addSpecOptions(command: Command, spec: OperatorSpec): Command {
  const usage: string[] = ['[options]'];
  for (const f of cliFields(spec.fields)) {
    const { cli, required } = f.shape;
    const help = `${describeField(f, CLI)}${required ? ' Required.' : ''}`;
    if (cli.form === 'argument' || cli.form === 'variadic') {
      const name = cli.form === 'variadic' ? `${cli.flag}...` : cli.flag;
      command.argument(`[${name}]`, help);
      usage.push(required ? `<${name}>` : `[${name}]`);
    } else if (cli.form === 'switch') command.addOption(new Option(`--${cli.flag}`, help));
    else {
      const option = new Option(`--${cli.flag} ${cli.value}`, help);
      command.addOption(cli.form === 'repeatable' ? option.argParser(collect) : option);
    }
  }
  return command.usage(usage.join(' '));
}

/** The typed options of `spec` from what commander collected; throws a coded error naming the flag. */
export function readSpecOptions<O>(spec: OperatorSpec<Fields, O>, command: Command): O {
  const flags = command.opts<Record<string, RawValue>>();
  const raw: Record<string, RawValue> = {};
  let position = 0;
  for (const f of cliFields(spec.fields)) {
    const { cli } = f.shape;
    raw[f.shape.name] =
      cli.form === 'argument' || cli.form === 'variadic'
        ? (command.processedArgs[position++] as RawValue)
        : flags[new Option(`--${cli.flag}`).attributeName()];
  }
  return spec.parse(raw, CLI);
}

/**
 * `parent <name>` with the spec's flags, whose action parses them and runs `action` inside the
 * error boundary.
 */
export function specCommand<O>(
  parent: Command,
  spec: OperatorSpec<Fields, O>,
  description: string,
  run: RunCommand,
  action: (options: O) => Promise<number | void>,
  name = spec.name,
): Command {
  const command = addSpecOptions(parent.command(name).description(description), spec);
  return command.action(() => run(async () => action(readSpecOptions(spec, command))));
}

function cliFields(fields: Fields) {
  return Object.values(fields).filter((f) => f.shape.surfaces.includes(CLI));
}
