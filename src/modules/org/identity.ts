/**
 * 实名认证 through a verification provider. In production the provider is the 公安 / 国家政务服务平台 identity
 * service (reached over HTTP); the reference provider reads a registry file in the repository and stands in for
 * it in tests and demos. A provider answers only "matches" or "does not match": it never returns personal data.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PersonClaim {
  name: string;
  idNumber: string;
  /** What the person presents to the provider: the 网证 (CTID) code or the token of a face check. */
  proof: string;
}

export interface LegalRepresentativeClaim extends PersonClaim {
  creditCode: string;
  enterpriseName: string;
}

export interface IdentityProvider {
  readonly name: string;
  verifyPerson(claim: PersonClaim): Promise<boolean>;
  /** The person is who they claim and is the enterprise's registered 法定代表人. */
  verifyLegalRepresentative(claim: LegalRepresentativeClaim): Promise<boolean>;
}

interface RegistryFile {
  persons: { name: string; idNumber: string; proof: string }[];
  enterprises: { creditCode: string; name: string; legalRepresentativeIdNumber: string }[];
}

/** The stand-in provider: a person matches when name, ID number and proof are all as the registry file holds them. */
export function referenceProvider(file: string): IdentityProvider {
  const registry = JSON.parse(readFileSync(file, 'utf8')) as RegistryFile;
  const person = (c: PersonClaim) => registry.persons.some((p) => p.idNumber === c.idNumber.toUpperCase() && p.name === c.name.trim() && p.proof === c.proof.trim());
  return {
    name: 'reference',
    verifyPerson: async (c) => person(c),
    verifyLegalRepresentative: async (c) =>
      person(c) && registry.enterprises.some((e) => e.creditCode === c.creditCode && e.legalRepresentativeIdNumber === c.idNumber.toUpperCase()),
  };
}

/** A provider behind `POST {kind, ...claim}` answering `{"match": true|false}`; anything else is no match. */
export function httpProvider(url: string, timeoutMs = 10_000): IdentityProvider {
  const ask = async (body: object) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const answer = (await res.json().catch(() => null)) as { match?: unknown } | null;
    return answer?.match === true;
  };
  return {
    name: 'http',
    verifyPerson: (c) => ask({ kind: 'person', ...c }),
    verifyLegalRepresentative: (c) => ask({ kind: 'legal_representative', ...c }),
  };
}

export const REFERENCE_REGISTRY = join('org', 'identity-registry.json');
export const SEED_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data');

/** `TONGBAN_IDENTITY_URL` selects the HTTP provider; without it the reference registry in the data folder answers. */
export function identityProviderFromEnv(dataRoot: string, env: NodeJS.ProcessEnv = process.env): IdentityProvider {
  if (env.TONGBAN_IDENTITY_URL) return httpProvider(env.TONGBAN_IDENTITY_URL);
  return referenceProvider(env.TONGBAN_IDENTITY_REGISTRY ?? join(dataRoot, REFERENCE_REGISTRY));
}
