DROP TABLE content_translations;
