import { CalendarDate } from '../../shared/calendar';
import { conflict, rule } from '../../shared/errors';
import { Actor } from '../../shared/metadata';
import { requireMicAdmin, StreamHistory } from '../../shared/decision';
import { PendingEvent, streamIdOf } from '../../events';

export interface PublishEdition {
  editionId: string;
  documentNumber: string;
  title: string | null;
  issuedOn: CalendarDate;
  signer: string;
  cutoffDate: CalendarDate;
  /** The log position at publication, supplied by the shell: what was known when MIC published. */
  logPosition: number;
  /** The hash chain's head at `logPosition`, supplied by the shell when the store keeps hashes. */
  head?: { position: number; hash: string } | null;
}

export function decidePublishEdition(cmd: PublishEdition, actor: Actor, existing: StreamHistory): PendingEvent[] {
  requireMicAdmin(actor, 'publish editions');
  if (existing.events.length > 0) throw conflict('edition-exists', `An edition numbered '${cmd.documentNumber}' is already published`);
  if (cmd.cutoffDate > cmd.issuedOn) throw rule('cutoff-after-issue', `cutoffDate ${cmd.cutoffDate} is after issuedOn ${cmd.issuedOn}`, 'cutoffDate');
  const { editionId, documentNumber, title, issuedOn, signer, cutoffDate, logPosition, head } = cmd;
  if (head && head.position !== logPosition) throw new Error('the edition head must be the head at its log position');
  return [
    {
      type: 'edition.published',
      streamId: streamIdOf.edition(editionId),
      effectiveDate: issuedOn,
      data: {
        editionId,
        documentNumber,
        title,
        issuedOn,
        signer,
        cutoffDate,
        logPosition,
        ...(head ? { head: { position: head.position, hash: head.hash } } : {}),
      },
    },
  ];
}
