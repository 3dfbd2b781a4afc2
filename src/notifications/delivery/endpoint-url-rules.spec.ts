import { checkEndpointUrl, UrlPolicy } from './endpoint-url-rules';

const production: UrlPolicy = { httpsOnly: true, blockPrivateAddresses: true };
const productionAllowingPrivate: UrlPolicy = { httpsOnly: true, blockPrivateAddresses: false };
const development: UrlPolicy = { httpsOnly: false, blockPrivateAddresses: false };

describe('checkEndpointUrl', () => {
  it.each<[string, UrlPolicy, string]>([
    ['https://shop.example.com/hooks/fintecture', production, 'https://shop.example.com/hooks/fintecture'],
    ['https://shop.example.com:8443/h?token=abc', production, 'https://shop.example.com:8443/h?token=abc'],
    ['HTTPS://Shop.Example.com', production, 'https://shop.example.com/'],
    ['https://93.184.216.34/hook', production, 'https://93.184.216.34/hook'],
    ['https://[2606:4700:4700::1111]/hook', production, 'https://[2606:4700:4700::1111]/hook'],
    ['https://127.0.0.1/hook', productionAllowingPrivate, 'https://127.0.0.1/hook'],
    ['http://127.0.0.1:4000/hook', development, 'http://127.0.0.1:4000/hook'],
    ['http://localhost:4000/hook', development, 'http://localhost:4000/hook'],
  ])('accepts %s', (raw, policy, normalised) => {
    expect(checkEndpointUrl(raw, policy)).toEqual({ ok: true, url: normalised });
  });

  it.each<[string, UrlPolicy, string]>([
    ['http://shop.example.com/hook', production, 'url must use https'],
    ['ftp://shop.example.com/hook', development, 'url must be an http(s) URL'],
    ['javascript:alert(1)', development, 'url must be an http(s) URL'],
    ['/relative/hook', development, 'url must be an absolute http(s) URL'],
    ['not a url', development, 'url must be an absolute http(s) URL'],
    ['https://user:pass@shop.example.com/hook', production, 'url must not carry credentials; put a token in the path or query instead'],
    ['https://shop.example.com/hook#part', production, 'url must not have a fragment'],
    ['https://127.0.0.1/hook', production, 'url must not point at a loopback address'],
    ['https://10.0.0.5/hook', production, 'url must not point at a private address'],
    ['https://169.254.169.254/latest/meta-data', production, 'url must not point at a metadata address'],
    ['https://169.254.10.10/hook', production, 'url must not point at a link-local address'],
    ['https://[::1]/hook', production, 'url must not point at a loopback address'],
    ['https://[::ffff:127.0.0.1]/hook', production, 'url must not point at a loopback address'],
    ['https://localhost/hook', production, 'url must not point at a loopback address'],
    ['https://api.localhost/hook', production, 'url must not point at a loopback address'],
    [`https://shop.example.com/${'a'.repeat(2048)}`, production, 'url must be at most 2048 characters'],
  ])('refuses %s', (raw, policy, message) => {
    expect(checkEndpointUrl(raw, policy)).toEqual({ ok: false, message });
  });
});
