import './src/config/load-env-file';
import { DataSource } from 'typeorm';
import { loadDatabaseConfiguration } from './src/config/configuration';
import { buildDataSourceOptions } from './src/database/data-source-options';

// The TypeORM CLI's data source: the very options the app uses, from the same environment.
export default new DataSource({ ...buildDataSourceOptions(loadDatabaseConfiguration()), migrationsRun: false });
