// A configuration that cannot be used: the server refuses to start, naming every key at fault.
import { formatProblems, type ConfigProblem } from './validate.js';

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[], source: string) {
    super(`invalid configuration in ${source}: ${formatProblems(problems)}`);
  }
}
