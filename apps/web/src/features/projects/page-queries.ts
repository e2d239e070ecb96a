// What the project page asks beyond its range (a plain module: the server component and the client view share it).
export const HOT_FILES_QUERY = "page_size=20";
