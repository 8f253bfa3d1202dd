import { healthModule } from './health/health.routes.js';
import type { AppModule } from './app-module.js';
import { usersModule } from './users/users.routes.js';
import { accountsModule } from './accounts/accounts.routes.js';
import { sessionsModule } from './sessions/sessions.routes.js';
import { authModule } from './auth/auth.routes.js';
import { notesModule } from './notes/notes.routes.js';

// Every module of the app, registered in this order by buildApp. A new module is one more entry here.
export const modules: AppModule[] = [
  healthModule,
  usersModule,
  accountsModule,
  sessionsModule,
  authModule,
  notesModule,
];
