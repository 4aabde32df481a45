import { router } from '../../platform/http';

// Work orders, remediation, attachments, categories.
export const caseExtraRoutes = router();
