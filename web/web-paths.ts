/** Where the images of the news folder (web.newsDir) are served, for previews of news not yet scheduled. */
export const NEWS_IMAGES_PATH = '/news-images';
