import { NotFoundError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { ProjectsRepository } from '../projects/projects.repository.js';
import { projectNotFound } from '../projects/projects.service.js';
import type { TasksRepository } from './tasks.repository.js';
import type { CreateTask, ReplaceTask, Task, TaskFilters, TaskSortField, UpdateTask } from './tasks.schemas.js';

/**
 * What can be done with a project's tasks. Knows nothing of HTTP: it takes plain values and throws errors from
 * lib/errors. Every method first checks that the project exists, so that a missing project is told apart from a
 * missing task (both are 404s, with different messages), and an empty list of a project that does not exist is
 * not mistaken for a project without tasks.
 */
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly projects: ProjectsRepository,
  ) {}

  async list(projectId: string, options: ListOptions<TaskFilters, TaskSortField>): Promise<ListResponse<Task>> {
    await this.assertProjectExists(projectId);
    return toListResponse(await this.tasks.list(projectId, options), options);
  }

  async get(projectId: string, id: string): Promise<Task> {
    await this.assertProjectExists(projectId);
    const task = await this.tasks.findById(projectId, id);
    if (!task) throw taskNotFound(id);
    return task;
  }

  async create(projectId: string, input: CreateTask): Promise<Task> {
    await this.assertProjectExists(projectId);
    // Should the project be deleted between this check and the insert, the foreign key refuses the row
    // (a 422 from the error handler): rare, and no row is left without its project.
    return this.tasks.create(projectId, input);
  }

  async replace(projectId: string, id: string, input: ReplaceTask): Promise<Task> {
    await this.assertProjectExists(projectId);
    const task = await this.tasks.replace(projectId, id, input);
    if (!task) throw taskNotFound(id);
    return task;
  }

  async update(projectId: string, id: string, changes: UpdateTask): Promise<Task> {
    await this.assertProjectExists(projectId);
    const task = await this.tasks.update(projectId, id, changes);
    if (!task) throw taskNotFound(id);
    return task;
  }

  async delete(projectId: string, id: string): Promise<void> {
    await this.assertProjectExists(projectId);
    const deleted = await this.tasks.delete(projectId, id);
    if (!deleted) throw taskNotFound(id);
  }

  private async assertProjectExists(projectId: string): Promise<void> {
    const project = await this.projects.findById(projectId);
    if (!project) throw projectNotFound(projectId);
  }
}

export function taskNotFound(id: string): NotFoundError {
  return new NotFoundError(`Task ${id} does not exist`);
}
