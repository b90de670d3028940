import { CalendarDate } from './calendar';

export const ROLES = ['mic-admin', 'ministry-editor', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: always taken from a verified token (or the system itself for the seed). */
export interface Actor {
  sub: string;
  name: string;
  role: Role;
  ministry: string | null;
  issuer?: string; // the OpenID Connect issuer that vouched for the actor; absent for development tokens
}

/** The authority for a change: a legal document (văn bản). */
export interface LegalBasis {
  documentNumber: string;
  issuedOn: CalendarDate;
  issuer?: string;
  signer?: string;
  title?: string;
}

/** What comes with every command besides its payload. */
export interface CommandContext {
  actor: Actor;
  legalBasis: LegalBasis | null;
  reason: string | null;
}
