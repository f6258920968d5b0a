// The target as a report names it: cloud name, endpoints, auth URL — never a credential. An auth URL
// with user:password@ or a query string is cut down to scheme, host, port and path.
import type { Configuration } from '../config/model.ts';
import type { TargetDescription } from '../report/model.ts';

export function targetFromConfiguration(configuration: Configuration): TargetDescription {
  if (configuration.embedded)
    return { cloudName: 'embedded', embedded: true, endpoints: {}, readOnly: configuration.readOnly };
  let authUrl: string | undefined;
  if (configuration.auth.authUrl) {
    try {
      const u = new URL(configuration.auth.authUrl);
      u.username = '';
      u.password = '';
      u.search = '';
      authUrl = u.toString();
    } catch {
      authUrl = undefined;
    }
  }
  return {
    cloudName: configuration.cloudName,
    embedded: false,
    endpoints: { ...configuration.endpointOverrides },
    ...(authUrl ? { authUrl } : {}),
    readOnly: configuration.readOnly,
  };
}
