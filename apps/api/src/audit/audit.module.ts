import { Module } from '@nestjs/common';
import { ListAuditController } from './list-audit/list-audit.controller';
import { ListAuditHandler } from './list-audit/list-audit.handler';
import { AuditIntegrityController } from './integrity/integrity.controller';
import { SignedHeadHandler, VerifyLogHandler } from './integrity/integrity.handlers';

@Module({ controllers: [ListAuditController, AuditIntegrityController], providers: [ListAuditHandler, VerifyLogHandler, SignedHeadHandler] })
export class AuditModule {}
