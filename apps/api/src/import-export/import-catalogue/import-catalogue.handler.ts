import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogueRuntime } from '../../infrastructure/catalogue-runtime';
import { ImportReport, runImport } from '../import-runner';
import { ImportCatalogueCommand } from './import-catalogue.command';

/** Imports run one at a time in a process, so two uploads never plan against the same state. */
let queue: Promise<unknown> = Promise.resolve();

@CommandHandler(ImportCatalogueCommand)
export class ImportCatalogueHandler implements ICommandHandler<ImportCatalogueCommand, ImportReport> {
  constructor(
    private readonly runtime: CatalogueRuntime,
    private readonly commands: CommandBus,
  ) {}

  execute({ request }: ImportCatalogueCommand): Promise<ImportReport> {
    const run = queue.then(() => runImport(this.runtime, this.commands, request));
    queue = run.catch(() => undefined);
    return run;
  }
}
