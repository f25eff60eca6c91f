from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    PROJECT_NAME: str = "payments-api"
    SECRET_KEY: str = "changethis"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
    DATABASE_URL: str = "postgresql+psycopg://app:app@db:5432/payments"
    FRONTEND_ORIGINS: list[str] = ["http://localhost:5173"]
    LOG_LEVEL: str = "INFO"


settings = Settings()
