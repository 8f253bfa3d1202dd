import { describeGeneratedService } from '../helpers/matrix.js';

describeGeneratedService('minimal');
