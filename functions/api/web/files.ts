/** The page's source files (in this folder) and the generated module that carries them into the api bundle. */
export const WEB_FILES = ['index.html', 'app.js', 'options.js', 'app.css'] as const;

export type WebFile = (typeof WEB_FILES)[number];

export const GENERATED_MODULE = 'assets.generated.ts';
