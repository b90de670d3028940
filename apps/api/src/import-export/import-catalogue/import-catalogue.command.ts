import { Command } from '@nestjs/cqrs';
import { ImportReport, ImportRequest } from '../import-runner';

/** Import a catalogue file: plans, then (unless a dry run) issues one ordinary command per change. */
export class ImportCatalogueCommand extends Command<ImportReport> {
  constructor(readonly request: ImportRequest) {
    super();
  }
}
