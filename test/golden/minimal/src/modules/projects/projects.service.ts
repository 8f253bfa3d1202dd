import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { ProjectsRepository } from './projects.repository.js';
import type {
  CreateProject,
  Project,
  ProjectFilters,
  ProjectSortField,
  ReplaceProject,
  UpdateProject,
} from './projects.schemas.js';

/** What can be done with projects. Knows nothing of HTTP: it takes plain values and throws errors from lib/errors. */
export class ProjectsService {
  constructor(private readonly projects: ProjectsRepository) {}

  async list(options: ListOptions<ProjectFilters, ProjectSortField>): Promise<ListResponse<Project>> {
    return toListResponse(await this.projects.list(options), options);
  }

  async get(id: string): Promise<Project> {
    const project = await this.projects.findById(id);
    if (!project) throw projectNotFound(id);
    return project;
  }

  async create(input: CreateProject): Promise<Project> {
    return this.projects.create(input);
  }

  async replace(id: string, input: ReplaceProject, ifMatch?: readonly number[]): Promise<Project> {
    const project = await this.projects.replace(id, input, ifMatch);
    if (project) return project;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async update(id: string, changes: UpdateProject, ifMatch?: readonly number[]): Promise<Project> {
    const project = await this.projects.update(id, changes, ifMatch);
    if (project) return project;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.projects.delete(id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the project is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(id: string, ifMatch: readonly number[] | undefined): Promise<Error> {
    if (ifMatch && (await this.projects.findById(id))) {
      return new StaleVersionError(`Project ${id} has changed since it was read: get it again for its ETag`);
    }
    return projectNotFound(id);
  }
}

export function projectNotFound(id: string): NotFoundError {
  return new NotFoundError(`Project ${id} does not exist`);
}
