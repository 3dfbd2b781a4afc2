import { isIP } from 'node:net';
import { classifyAddress } from './address-classifier';

export interface UrlPolicy {
  /** Production: only https. */
  httpsOnly: boolean;
  /** Production without NOTIFICATION_ALLOW_PRIVATE_URLS: only public addresses. */
  blockPrivateAddresses: boolean;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

export const MAX_URL_LENGTH = 2048;

/** The host of a URL as a bare name or address (URL keeps IPv6 literals in brackets). */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Whether an endpoint URL may be registered. Only what the URL says is judged here; a name is
 * judged again by the address it resolves to at each delivery (delivery/guarded-lookup.ts),
 * since DNS can change after registration.
 */
export function checkEndpointUrl(raw: string, policy: UrlPolicy): UrlCheck {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, message: `url must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'url must be an http(s) URL' };
  if (policy.httpsOnly && url.protocol !== 'https:') return { ok: false, message: 'url must use https' };
  if (url.username || url.password) return { ok: false, message: 'url must not carry credentials; put a token in the path or query instead' };
  if (url.hash) return { ok: false, message: 'url must not have a fragment' };
  const host = bareHost(url);
  if (!host) return { ok: false, message: 'url must name a host' };
  if (policy.blockPrivateAddresses) {
    if (isIP(host) && classifyAddress(host) !== 'public') {
      return { ok: false, message: `url must not point at a ${classifyAddress(host).replace('_', '-')} address` };
    }
    if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, message: 'url must not point at a loopback address' };
  }
  return { ok: true, url: url.href };
}
