import { CalendarDate } from '../shared/calendar';
import { MinistryHistories, requireActiveWriter, requireMicAdmin, StreamHistory } from '../shared/decision';
import { DomainError, forbidden, revisionConflict, rule } from '../shared/errors';
import { Actor } from '../shared/metadata';
import { PendingEvent } from '../events';
import { answersForSomePeriod, requireAnswersForAlteredPeriods } from './authority';
import { PlatformTimeline } from './platform-timeline';
import { requireRegistered } from './platform.rules';
import { reorganisationFollowOns } from './reorganisation';

/** Everything a command on one entry is decided from; loaded by the shell, passed in whole. */
export interface PlatformDecisionInput {
  actor: Actor;
  /** The entry's stream. */
  stream: StreamHistory;
  /** Other streams the command reads (e.g. a code's reservation), by stream id. */
  related: ReadonlyMap<string, StreamHistory>;
  /** Every ministry the entry, the command or the actor names, with their successors. */
  ministries: MinistryHistories;
  /** Today in Vietnam, from the server's clock: whose ministry may still write. */
  today: CalendarDate;
  /** The revision the client read (If-Match), or null when it sent none. */
  expectedRevision: number | null;
  /** Whether the command carries a legal document. */
  hasLegalBasis: boolean;
}

/**
 * A command on one catalogue entry, declared once: what it names and the rules of its own.
 * Authority, revision checks and reorganisation follow-ons are the same for every command and
 * live in `decidePlatformCommand`, in one order.
 */
export interface PlatformCommand<C> {
  /** Stable name, for metrics and logs. */
  readonly name: string;
  /** What the caller tries to do, for messages: "amend this entry". */
  readonly action: string;
  /** Registration: the entry does not exist yet; `owner` names who will answer for it. */
  readonly creates?: { owner(cmd: C): string };
  readonly micAdminOnly?: boolean;
  platformId(cmd: C): string;
  /** The valid date from which the command changes the entry. */
  from(cmd: C): CalendarDate;
  /** Ministry codes the command names (loaded with their successors). */
  ministries(cmd: C): string[];
  /** Streams besides the entry's that the decision reads. */
  related?(cmd: C): string[];
  /** The command's own rules; authority is not its business. */
  decide(cmd: C, input: PlatformDecisionInput): PendingEvent[];
}

/**
 * The one decision path for entry commands. Order matters and is part of the contract (I3):
 * who may write at all → does the caller answer for this entry → does it answer for every
 * period the change alters → the revision it read (409) → the command's rules (422) → the
 * follow-ons that keep the entry under ministries in force (I1).
 */
export function decidePlatformCommand<C>(command: PlatformCommand<C>, cmd: C, input: PlatformDecisionInput): PendingEvent[] {
  const { actor, stream } = input;
  const platformId = command.platformId(cmd);
  requireActiveWriter(actor, input.ministries, input.today);
  if (command.micAdminOnly) requireMicAdmin(actor, command.action);
  if (!command.creates) requireRegistered(stream, platformId);
  const before = PlatformTimeline.of(stream.events);
  const editor = actor.role === 'ministry-editor' ? actor.ministry : null;
  if (editor !== null) {
    if (command.creates && command.creates.owner(cmd) !== editor)
      throw forbidden('not-owner', `Ministry '${editor}' may register entries only for itself, not for '${command.creates.owner(cmd)}'`);
    if (!command.creates && !answersForSomePeriod(before, editor))
      throw forbidden('not-owner', `Ministry '${editor}' may not ${command.action}: it has never answered for this entry`);
  }

  let events: PendingEvent[] | null = null;
  let broken: DomainError | null = null;
  try {
    events = command.decide(cmd, input);
  } catch (e) {
    if (!(e instanceof DomainError) || e.kind === 'forbidden') throw e;
    broken = e;
  }
  if (editor !== null) requireAnswersForAlteredPeriods(editor, before, events, command.from(cmd));
  if (input.expectedRevision !== null && stream.events.length > 0 && stream.revision !== input.expectedRevision) throw revisionConflict(stream.revision);
  if (broken || !events) throw broken ?? new Error('decide returned nothing');
  // mic-admin may change any entry, always on a legal document (DOMAIN.md, I2).
  if (actor.role === 'mic-admin' && !command.creates && !input.hasLegalBasis)
    throw rule('legal-basis-required', `mic-admin changes an entry only with a legal basis (legalBasis)`, 'legalBasis');
  return [...events, ...reorganisationFollowOns(platformId, before, events, input.ministries)];
}
