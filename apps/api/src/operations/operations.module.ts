import { Module } from '@nestjs/common';
import { HealthController } from '../health/health.controller';
import { OperationsController } from './operations.controller';

@Module({ controllers: [HealthController, OperationsController], providers: [] })
export class OperationsModule {}
