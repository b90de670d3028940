import { Controller, Get, Type } from '@nestjs/common';
import type { Actor } from '@ndp/catalogue';
import { CurrentActor, Roles } from '../http/auth';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityProviderUnavailableError, oidcVerifierFor } from '@ndp/auth';
import type { JwtSettings } from '@ndp/auth';
import { ProblemException } from '../http/problem';

export type AuthConfig =
  | { mode: 'development' }
  | {
      mode: 'oidc';
      issuer: string;
      clientId: string | null;
      authorizationEndpoint: string | null;
      tokenEndpoint: string | null;
      endSessionEndpoint: string | null;
      scope: string;
    };

/**
 * `GET /v1/auth/config`: what the viewer needs to sign people in. Public and free of secrets:
 * the issuer, the public client id and the provider's endpoints (from its discovery document,
 * which the service reads anyway), or `development` when tokens are pasted.
 */
export function authConfigController(settings: JwtSettings): Type<unknown> {
  @ApiTags('identity')
  @Controller('v1/auth')
  class AuthConfigController {
    @Get('config')
    @ApiOperation({ summary: 'How the viewer signs in: the OpenID provider and public client, or development tokens' })
    async config(): Promise<AuthConfig> {
      const oidc = settings.oidc;
      if (!oidc) return { mode: 'development' };
      try {
        const meta = await oidcVerifierFor(oidc).provider();
        return {
          mode: 'oidc',
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          authorizationEndpoint: meta.authorization_endpoint ?? null,
          tokenEndpoint: meta.token_endpoint ?? null,
          endSessionEndpoint: meta.end_session_endpoint ?? null,
          scope: oidc.scope,
        };
      } catch (e) {
        if (e instanceof IdentityProviderUnavailableError)
          throw new ProblemException(
            503,
            'identity-provider-unavailable',
            'Identity provider unavailable',
            'The identity provider could not be reached; try again shortly',
          );
        throw e;
      }
    }

    @Get('me')
    @Roles('mic-admin', 'ministry-editor', 'auditor')
    @ApiBearerAuth()
    @ApiOperation({ summary: 'The actor this token stands for, as it would be recorded on events (checks a token; the viewer shows who is signed in)' })
    me(@CurrentActor() actor: Actor): Actor {
      return actor;
    }
  }
  return AuthConfigController;
}
