import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
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

  async replace(projectId: string, id: string, input: ReplaceTask, ifMatch?: readonly number[]): Promise<Task> {
    await this.assertProjectExists(projectId);
    const task = await this.tasks.replace(projectId, id, input, ifMatch);
    if (task) return task;
    throw await this.missingOrChanged(projectId, id, ifMatch);
  }

  async update(projectId: string, id: string, changes: UpdateTask, ifMatch?: readonly number[]): Promise<Task> {
    await this.assertProjectExists(projectId);
    const task = await this.tasks.update(projectId, id, changes, ifMatch);
    if (task) return task;
    throw await this.missingOrChanged(projectId, id, ifMatch);
  }

  async delete(projectId: string, id: string, ifMatch?: readonly number[]): Promise<void> {
    await this.assertProjectExists(projectId);
    const deleted = await this.tasks.delete(projectId, id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(projectId, id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the task is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(
    projectId: string,
    id: string,
    ifMatch: readonly number[] | undefined,
  ): Promise<Error> {
    if (ifMatch && (await this.tasks.findById(projectId, id))) {
      return new StaleVersionError(`Task ${id} has changed since it was read: get it again for its ETag`);
    }
    return taskNotFound(id);
  }

  private async assertProjectExists(projectId: string): Promise<void> {
    const project = await this.projects.findById(projectId);
    if (!project) throw projectNotFound(projectId);
  }
}

export function taskNotFound(id: string): NotFoundError {
  return new NotFoundError(`Task ${id} does not exist`);
}
