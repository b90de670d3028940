import { DynamicModule, Module } from '@nestjs/common';
import type { JwtSettings } from '@ndp/auth';
import { authConfigController } from './auth-config.controller';

/** Sign-in support for the viewer: GET /v1/auth/config and /v1/auth/me. */
@Module({})
export class AuthModule {
  static forRoot(settings: JwtSettings): DynamicModule {
    return { module: AuthModule, controllers: [authConfigController(settings)] };
  }
}
