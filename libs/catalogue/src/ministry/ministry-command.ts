import { MinistryHistories, StreamHistory } from '../shared/decision';
import { Actor } from '../shared/metadata';
import { PendingEvent } from '../events';
import { decideDissolveMinistry, DissolveMinistry } from './dissolve-ministry/dissolve-ministry.decider';
import { decideMergeMinistries, MergeMinistries } from './merge-ministries/merge-ministries.decider';
import { decideRegisterMinistry, RegisterMinistry } from './register-ministry/register-ministry.decider';
import { decideRenameMinistry, RenameMinistry } from './rename-ministry/rename-ministry.decider';
import { PlatformStreamOf } from './reorganise';

export interface MinistryDecisionInput {
  actor: Actor;
  /** The ministry's own stream. */
  stream: StreamHistory;
  /** The ministries the command names, with their successors. */
  ministries: MinistryHistories;
  /** For a reorganisation: every entry that names the ministry, as owner or co-ministry. */
  candidates: readonly PlatformStreamOf[];
}

/** A command on one ministry, declared once; the shell loads what it names and appends what it decides. */
export interface MinistryCommand<C> {
  readonly name: string;
  code(cmd: C): string;
  ministries(cmd: C): string[];
  /** It ends the ministry: the entries that name it are loaded as candidates, and every ministry with them. */
  readonly reorganises: boolean;
  decide(cmd: C, input: MinistryDecisionInput): PendingEvent[];
}

export const registerMinistry: MinistryCommand<RegisterMinistry> = {
  name: 'register-ministry',
  code: (cmd) => cmd.code,
  ministries: () => [],
  reorganises: false,
  decide: (cmd, { actor, stream }) => decideRegisterMinistry(cmd, actor, stream),
};

export const renameMinistry: MinistryCommand<RenameMinistry> = {
  name: 'rename-ministry',
  code: (cmd) => cmd.code,
  ministries: () => [],
  reorganises: false,
  decide: (cmd, { actor, stream }) => decideRenameMinistry(cmd, actor, stream),
};

export const mergeMinistries: MinistryCommand<MergeMinistries> = {
  name: 'merge-ministries',
  code: (cmd) => cmd.code,
  ministries: (cmd) => [cmd.code, cmd.into],
  reorganises: true,
  decide: (cmd, { actor, stream, ministries, candidates }) => decideMergeMinistries(cmd, actor, stream, ministries, candidates),
};

export const dissolveMinistry: MinistryCommand<DissolveMinistry> = {
  name: 'dissolve-ministry',
  code: (cmd) => cmd.code,
  ministries: (cmd) => [cmd.code, cmd.defaultSuccessor, ...Object.values(cmd.assignments)],
  reorganises: true,
  decide: (cmd, { actor, stream, ministries, candidates }) => decideDissolveMinistry(cmd, actor, stream, ministries, candidates),
};
