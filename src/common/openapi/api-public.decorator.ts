/** @nestjs/swagger's DECORATORS.API_SECURITY, which its package exports do not reach; the openapi e2e test notices a change. */
const API_SECURITY_METADATA = 'swagger/apiSecurity';

/**
 * Declares every route of a controller public in the document (`security: []`), so that a reader
 * and a generator know no API key is sent, rather than guess from a missing `security`. Class
 * level only: @nestjs/swagger drops an empty list declared on a method, but keeps a controller's.
 */
export function ApiPublic(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(API_SECURITY_METADATA, [], target);
  };
}
