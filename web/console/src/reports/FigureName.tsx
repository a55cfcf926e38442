import { Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A figure's name; hovering or focusing it shows its written definition (DOMAIN §9, as analytics computes it). */
export const FigureName = ({ figure }: { figure: string }) => {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`figures.${figure}.definition`)}>
      <span className="definition" tabIndex={0} data-definition={figure}>
        {t(`figures.${figure}.name`)}
      </span>
    </Tooltip>
  );
};

/** One figure as a tile of a figure grid: its value large, its name (with its definition) below. */
export const FigureTile = ({ figure, children }: { figure: string; children: ReactNode }) => (
  <li className="figure-tile">
    <span className="figure-number" data-figure={figure}>
      {children}
    </span>
    <FigureName figure={figure} />
  </li>
);

/** A section title with the definitions of the figures it shows on hover. */
export const DefinedTitle = ({ id, title, figures }: { id: string; title: string; figures: string[] }) => {
  const { t } = useTranslation();
  return (
    <h2 id={id} className="panel-title">
      <Tooltip
        title={
          <div>
            {figures.map((figure) => (
              <p key={figure} style={{ margin: '0 0 4px' }}>
                <strong>{t(`figures.${figure}.name`)}</strong> {t(`figures.${figure}.definition`)}
              </p>
            ))}
          </div>
        }
      >
        <span className="definition" tabIndex={0}>
          {title}
        </span>
      </Tooltip>
    </h2>
  );
};
