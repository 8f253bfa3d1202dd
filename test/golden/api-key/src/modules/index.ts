import { healthModule } from './health/health.routes.js';
import type { AppModule } from './app-module.js';
import { usersModule } from './users/users.routes.js';
import { apiKeysModule } from './api-keys/api-keys.routes.js';
import { notesModule } from './notes/notes.routes.js';

// Every module of the app, registered in this order by buildApp. A new module is one more entry here.
export const modules: AppModule[] = [healthModule, usersModule, apiKeysModule, notesModule];
