import { ConfigFactory, ConfigFactoryKeyHost, ConfigObject, registerAs } from '@nestjs/config';
import { ConfigContext, readConfigContext } from './app.config';
import { Env, EnvReader } from './env-reader';

export type NamespaceReader<T> = (read: EnvReader, context: ConfigContext) => T;

export type ConfigNamespace<K extends string, T extends ConfigObject> = (() => T) &
  ConfigFactoryKeyHost<T> & { readonly namespace: K; readonly read: NamespaceReader<T> };

/**
 * A Nest config namespace (`registerAs`) over its one reader. Loaded alone, as Nest would, it reads
 * the process environment and throws every problem at once; the app binds it to the configuration
 * validated at start instead (`configLoaders`), so `@Inject(fintectureConfig.KEY)` and
 * `config.get('fintecture')` both see that one.
 */
export function configNamespace<K extends string, T extends ConfigObject>(namespace: K, read: NamespaceReader<T>): ConfigNamespace<K, T> {
  const factory = registerAs<T, () => T>(namespace, () => readNamespace(process.env, read));
  return Object.assign(factory, { namespace, read });
}

/** One namespace (with the context it depends on), validated: what a process that needs only it reads. */
export function readNamespace<T>(env: Env, reader: NamespaceReader<T>): T {
  const read = new EnvReader(env);
  const value = reader(read, readConfigContext(read));
  read.throwIfProblems();
  return value;
}

/**
 * The same namespace token bound to an already validated value. Only the name is read, so that
 * a list of different namespaces can be bound in one pass.
 */
export function bindNamespace<T extends ConfigObject>(definition: Pick<ConfigNamespace<string, T>, 'namespace'>, value: T): ConfigFactory<T> {
  return registerAs<T, () => T>(definition.namespace, () => value);
}
