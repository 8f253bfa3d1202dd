import { NotFoundError } from '../../lib/errors.js';
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

  async replace(id: string, input: ReplaceProject): Promise<Project> {
    const project = await this.projects.replace(id, input);
    if (!project) throw projectNotFound(id);
    return project;
  }

  async update(id: string, changes: UpdateProject): Promise<Project> {
    const project = await this.projects.update(id, changes);
    if (!project) throw projectNotFound(id);
    return project;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.projects.delete(id);
    if (!deleted) throw projectNotFound(id);
  }
}

export function projectNotFound(id: string): NotFoundError {
  return new NotFoundError(`Project ${id} does not exist`);
}
