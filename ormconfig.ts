/** TypeORM DataSource for the TypeORM CLI (same options the app uses). `npm run migration:run` uses the app's CLI. */
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

export default new DataSource(dataSourceOptions(loadConfig()));
