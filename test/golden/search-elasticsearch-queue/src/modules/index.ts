import { healthModule } from './health/health.routes.js';
import type { AppModule } from './app-module.js';
import { articlesModule } from './articles/articles.routes.js';
import { commentsModule } from './comments/comments.routes.js';

// Every module of the app, registered in this order by buildApp. A new module is one more entry here.
export const modules: AppModule[] = [healthModule, articlesModule, commentsModule];
