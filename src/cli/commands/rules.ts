/** `pyext-isolate rules` (every rule, its severity and fix kinds) and `pyext-isolate rule <id>` (one rule's page). */
import type { CommandModule } from 'yargs';
import { CliExit } from './exit';
import { formatRuleList, rulePage, UnknownRuleIdError } from '../../engine/rule-pages';

/** The page of a rule or transform id; an unknown id is a usage error. */
export function ruleText(id: string): string {
  try {
    return rulePage(id);
  } catch (err) {
    if (err instanceof UnknownRuleIdError) throw new CliExit(2, `pyext-isolate: ${err.message}`);
    throw err;
  }
}

export const ruleCommand: CommandModule<object, { id: string }> = {
  command: 'rule <id>',
  describe: "Print a rule's page (what, why, example, fix, when it refuses); a transform id prints its README",
  builder: (y) => y.positional('id', { type: 'string', demandOption: true, describe: 'a rule id (checks/mutable-c-static) or transform id' }) as never,
  handler: (argv) => {
    process.stdout.write(ruleText(argv.id));
  },
};

export const rulesCommand: CommandModule<object, object> = {
  command: 'rules',
  describe: 'List every rule with its severity, fix kind and summary',
  handler: () => {
    process.stdout.write(formatRuleList());
  },
};
