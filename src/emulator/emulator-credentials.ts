import { DynamicModule, Global, Module } from '@nestjs/common';
import { FINTECTURE_APP, FintectureCredentials, publicIdentity } from '../fintecture/fintecture-credentials';

/**
 * Provides the app's public identity to every module, as the service's FintectureModule does: a
 * stand-in for Fintecture knows the app id, its secret and its public key, never its private key.
 */
@Global()
@Module({})
export class EmulatorCredentialsModule {
  static with(credentials: FintectureCredentials): DynamicModule {
    return {
      module: EmulatorCredentialsModule,
      providers: [{ provide: FINTECTURE_APP, useValue: publicIdentity(credentials) }],
      exports: [FINTECTURE_APP],
    };
  }
}
