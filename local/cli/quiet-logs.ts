/** Imported first by `npm start`: handler logs are for CloudWatch, and the command shows the steps itself. */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
