import { healthModule } from './health/health.routes.js';
import type { AppModule } from './app-module.js';
import { projectsModule } from './projects/projects.routes.js';
import { tasksModule } from './tasks/tasks.routes.js';
import { commentsModule } from './comments/comments.routes.js';
import { widgetsModule } from './widgets/widgets.routes.js';

// Every module of the app, registered in this order by buildApp. A new module is one more entry here.
export const modules: AppModule[] = [healthModule, projectsModule, tasksModule, commentsModule, widgetsModule];
